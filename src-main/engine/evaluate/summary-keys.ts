/**
 * How the who-wins table names its columns (`RunSummaryTable.best`): the engine writes these keys, the CLI and the
 * UI read them, so all three build them here.
 */
export const speedupKey = (drop: number) => `speedup@${100 * drop}`;
export const accuracyKey = (cost: number) => `accuracy@${cost}`;
