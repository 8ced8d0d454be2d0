/** What a table shows where there is no figure. */
export const NO_FIGURE = '—';

/** A fraction as a percentage: 0.98123 → `98.12%` (`digits` after the point); no figure → `—`. */
export function formatPercent(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined ? NO_FIGURE : `${(100 * x).toFixed(digits)}%`;
}

/** A speedup: 2.5 → `2.50×`; no figure → `—`. */
export function formatTimes(x: number | null | undefined): string {
  return x === null || x === undefined ? NO_FIGURE : `${x.toFixed(2)}×`;
}

/** A size: `300 MB` (at least 1), `15.7 GB`. */
export function formatBytes(b: number): string {
  if (b < 1e9) return `${Math.max(1, Math.round(b / 1e6))} MB`;
  return `${(b / 1e9).toFixed(1)} GB`;
}
