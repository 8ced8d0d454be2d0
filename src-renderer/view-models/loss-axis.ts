import type { CurvePoint } from '../live/loss-curves';

/** What the loss charts' x-axis counts: training steps, or seconds since the run started (TensorBoard's Step / Relative). */
export type XAxisKind = 'step' | 'time';

export const X_AXIS_OPTIONS: readonly { value: XAxisKind; label: string }[] = [
  { value: 'step', label: 'Step' },
  { value: 'time', label: 'Wall time' },
];

/**
 * True when the curves carry wall time: runs recorded before it was have steps only. A curve has it throughout or not
 * at all, so its ends tell (no walk over every point of every curve on each frame a run streams).
 */
export function hasWallTime(series: readonly { points: readonly CurvePoint[] }[]): boolean {
  const timed = (s: { points: readonly CurvePoint[] }) => !s.points.length || (s.points[0].time !== undefined && s.points[s.points.length - 1].time !== undefined);
  return series.some((s) => s.points.length > 0) && series.every(timed);
}

/** The axis a chart really draws: wall time when asked for and recorded, else step. */
export function effectiveAxis(asked: XAxisKind, series: readonly { points: readonly CurvePoint[] }[]): XAxisKind {
  return asked === 'time' && hasWallTime(series) ? 'time' : 'step';
}

export function xOf(p: CurvePoint, axis: XAxisKind): number {
  return axis === 'time' && p.time !== undefined ? p.time : p.step;
}

/**
 * The x-axis title. Gate curves are drawn over the steps of their own α (so the α overlay), but over the run's wall
 * time (so they follow each other as the run went); a chart asked for wall time that has none says so.
 */
export function xAxisTitle(axis: XAxisKind, gates: boolean, asked: XAxisKind = axis): string {
  if (axis === 'time') return 'wall time since the run started (m:ss)';
  const step = gates ? 'step (within its α)' : 'step';
  return asked === 'time' ? `${step} — no wall time recorded in this run` : step;
}

/**
 * Seconds as a clock: 5 → `0:05`, 125 → `2:05`, 3725 → `1:02:05`; with `decimals`, tenths or hundredths of the
 * second too (9.25 → `0:09.3`), for a run or a zoom only seconds long.
 */
export function clockText(seconds: number, decimals = 0): string {
  const scale = 10 ** decimals;
  const total = Math.round(Math.max(0, seconds) * scale) / scale;
  const whole = Math.floor(total);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const sec = (total - h * 3600 - m * 60).toFixed(decimals).padStart(decimals ? decimals + 3 : 2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Decimals that tell ticks `step` seconds apart from one another: 0 from a second up, then 1 or 2. */
export function tickDecimals(step: number): number {
  if (!(step > 0) || step >= 1) return 0;
  return step >= 0.1 ? 1 : 2;
}

/** A position on the x-axis as the tooltip's title: `step 120`, `wall time 2:05.3`. */
export function xText(x: number, axis: XAxisKind): string {
  return axis === 'time' ? `wall time ${clockText(x, 1)}` : `step ${Math.round(x)}`;
}
