import type { LossSample } from '@api/events';
import { alphaOfSeries } from '@api/loss-series';

export interface CurvePoint {
  step: number;
  loss: number;
  /** Seconds since the run started; absent in runs recorded before wall time was. */
  time?: number;
}

/**
 * Curve name → points in arrival order. `head:stage1`, `final`, `backbone`, and per α the gate loss `gate:α=0.3`
 * with its two terms `gate-ce:α=0.3` and `gate-cost:α=0.3` (P(correct)/P(safe) gates: `gate:P(correct)`).
 */
export type Curves = Map<string, CurvePoint[]>;

export type CurveGroup = 'backbone' | 'heads' | 'final' | 'gate-ce' | 'gate-cost' | 'gates';

/** The order the charts come in: training order, the gate loss's two terms before the loss they make. */
export const GROUP_ORDER: readonly CurveGroup[] = ['backbone', 'heads', 'final', 'gate-ce', 'gate-cost', 'gates'];

export const GROUP_TITLES: Record<CurveGroup, string> = {
  backbone: 'Backbone training loss',
  heads: 'Exit heads (cross-entropy)',
  final: 'Final classifier (cross-entropy)',
  'gate-ce': 'Gates: expected cross-entropy',
  'gate-cost': 'Gates: expected cost',
  gates: 'Gates: LEENet loss (1 − α)·CE + α·cost',
};

/** The y-axis of each group: what its numbers are. */
export const GROUP_Y_TITLES: Record<CurveGroup, string> = {
  backbone: 'loss',
  heads: 'cross-entropy',
  final: 'cross-entropy',
  'gate-ce': 'expected CE of the exit taken',
  'gate-cost': 'expected cost (× full model)',
  gates: 'loss',
};

const GATE_PREFIXES: [string, CurveGroup][] = [
  ['gate-ce:', 'gate-ce'],
  ['gate-cost:', 'gate-cost'],
  ['gate:', 'gates'],
];

export function groupOf(series: string): CurveGroup {
  if (series.startsWith('head:')) return 'heads';
  for (const [prefix, group] of GATE_PREFIXES) if (series.startsWith(prefix)) return group;
  return series === 'backbone' ? 'backbone' : 'final';
}

/** The gate groups: one curve per α (or per gate model), each drawn over the steps of its own α. */
export function isGateGroup(group: CurveGroup): boolean {
  return group === 'gates' || group === 'gate-ce' || group === 'gate-cost';
}

/**
 * What a curve is called in its chart's legend and tooltip: the exit (`stage1`), `final`, the α (`α=0.3`) or the gate
 * model (`P(correct)`). Curves of the gate charts share these names, so one α is the same entry in each of them.
 */
export function seriesLabel(series: string): string {
  const colon = series.indexOf(':');
  return colon < 0 ? series : series.slice(colon + 1);
}

/**
 * Points kept per curve. Below it every point is kept, so a short phase is never thinned; beyond it neighbours are
 * averaged in pairs, so a long run stays bounded (and cheap to draw) with its shape intact.
 */
export const MAX_POINTS = 5000;

export function appendLosses(curves: Curves, samples: LossSample[], step: (s: LossSample) => number = (s) => s.step, max = MAX_POINTS): void {
  for (const s of samples) {
    if (!Number.isFinite(s.loss)) continue;
    const points = curves.get(s.series) ?? [];
    if (!curves.has(s.series)) curves.set(s.series, points);
    points.push(s.time === undefined ? { step: step(s), loss: s.loss } : { step: step(s), loss: s.loss, time: s.time });
    if (points.length > max) curves.set(s.series, halved(points));
  }
}

/** Neighbours averaged in pairs; each pair keeps its later step and time, so the x-axis stays where the run was. */
function halved(points: CurvePoint[]): CurvePoint[] {
  const out: CurvePoint[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) {
    const later = points[i + 1];
    const loss = (points[i].loss + later.loss) / 2;
    out.push(later.time === undefined ? { step: later.step, loss } : { step: later.step, loss, time: later.time });
  }
  if (points.length % 2) out.push(points[points.length - 1]);
  return out;
}

/**
 * Exponential moving average as TensorBoard draws it: debiased, so the first points are not pulled towards 0.
 * `smoothing` 0 returns the raw curve, 0.99 a very flat one.
 */
export function ema(values: number[], smoothing: number): number[] {
  const w = Math.min(Math.max(smoothing, 0), 0.999);
  let last = 0;
  let weight = 0;
  return values.map((v, i) => {
    last = last * w + (1 - w) * v;
    weight = weight * w + (1 - w);
    // The first point is the raw one exactly: divided back out, it could differ in its last bit, and a one-point
    // chart would then span a range of 1e-16 with ticks to match.
    return i === 0 ? v : last / weight;
  });
}

/** α curves in α order; curves of no α (gate models shared by every α) after them, as they came. */
export function byAlpha(a: string, b: string): number {
  const x = alphaOfSeries(a);
  const y = alphaOfSeries(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number(Number.isNaN(x)) - Number(Number.isNaN(y));
  return x - y;
}

/** Gate curves are drawn over the steps of their own α, so the α curves overlay instead of following each other. */
export function gateStepOffset(series: string, alphas: number[], phaseTotal: number): number {
  const index = alphas.indexOf(alphaOfSeries(series));
  if (index < 0 || !alphas.length || phaseTotal <= 0) return 0;
  return index * (phaseTotal / alphas.length);
}
