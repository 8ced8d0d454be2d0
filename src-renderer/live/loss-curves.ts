import type { LossSample } from '@api/events';

export interface CurvePoint {
  step: number;
  loss: number;
}

/** Curve name → points in arrival order. `head:stage1`, `final`, `gate:α=0.3`, `backbone`. */
export type Curves = Map<string, CurvePoint[]>;

export type CurveGroup = 'backbone' | 'heads' | 'final' | 'gates';

export const GROUP_TITLES: Record<CurveGroup, string> = {
  backbone: 'Backbone training loss',
  heads: 'Exit heads (cross-entropy)',
  final: 'Final classifier (cross-entropy)',
  gates: 'Gates (LEENet loss, one curve per α)',
};

export function groupOf(series: string): CurveGroup {
  if (series.startsWith('head:')) return 'heads';
  if (series.startsWith('gate:')) return 'gates';
  return series === 'backbone' ? 'backbone' : 'final';
}

/** Points kept per curve; beyond it neighbours are averaged in pairs, so a long run stays bounded and its shape intact. */
const MAX_POINTS = 2000;

export function appendLosses(curves: Curves, samples: LossSample[], step: (s: LossSample) => number = (s) => s.step, max = MAX_POINTS): void {
  for (const s of samples) {
    if (!Number.isFinite(s.loss)) continue;
    const points = curves.get(s.series) ?? [];
    if (!curves.has(s.series)) curves.set(s.series, points);
    points.push({ step: step(s), loss: s.loss });
    if (points.length > max) {
      const halved: CurvePoint[] = [];
      for (let i = 0; i + 1 < points.length; i += 2) halved.push({ step: points[i + 1].step, loss: (points[i].loss + points[i + 1].loss) / 2 });
      if (points.length % 2) halved.push(points[points.length - 1]);
      curves.set(s.series, halved);
    }
  }
}

/**
 * Exponential moving average as TensorBoard draws it: debiased, so the first points are not pulled towards 0.
 * `smoothing` 0 returns the raw curve, 0.99 a very flat one.
 */
export function ema(values: number[], smoothing: number): number[] {
  const w = Math.min(Math.max(smoothing, 0), 0.999);
  let last = 0;
  let weight = 0;
  return values.map((v) => {
    last = last * w + (1 - w) * v;
    weight = weight * w + (1 - w);
    return last / weight;
  });
}

/** `gate:α=0.3` → 0.3. */
export function alphaOfSeries(series: string): number {
  return Number(series.slice('gate:α='.length));
}

/** Gate curves are drawn over the steps of their own α, so the α curves overlay instead of following each other. */
export function gateStepOffset(series: string, alphas: number[], phaseTotal: number): number {
  const index = alphas.indexOf(alphaOfSeries(series));
  if (index < 0 || !alphas.length || phaseTotal <= 0) return 0;
  return index * (phaseTotal / alphas.length);
}
