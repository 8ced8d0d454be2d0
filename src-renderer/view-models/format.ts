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

/**
 * A duration for people, in one of two precisions. `estimate`, for what a prediction can promise: `45 s`, `12 min`,
 * `3.4 h`. `countdown`, for an ETA: to the second under an hour (`4 min 3 s`; never `0 s` while time is left), then
 * hours and minutes (`1 h 5 min`).
 */
export function formatDuration(seconds: number, precision: 'estimate' | 'countdown'): string {
  if (precision === 'estimate') {
    if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
    if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
    return `${(seconds / 3600).toFixed(1)} h`;
  }
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${Math.round(seconds % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A size: `300 MB` (at least 1), `15.7 GB`. */
export function formatBytes(b: number): string {
  if (b < 1e9) return `${Math.max(1, Math.round(b / 1e6))} MB`;
  return `${(b / 1e9).toFixed(1)} GB`;
}
