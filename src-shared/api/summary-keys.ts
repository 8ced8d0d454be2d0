/** The who-wins table's column keys, for the renderer: the contract carries `summary.best` keyed by them. */
export { accuracyKey, speedupKey } from '../../src-main/engine/evaluate/summary-keys';
