/** How the form turns start / stop / step into α values: the engine's own rule, so the CLI and the UI agree. */
export { alphaRange, MAX_ALPHAS } from '../../src-main/engine/alpha-range';
