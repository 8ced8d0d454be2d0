import type { FrontierPoint } from '../sweep-types';
import type { Candidate, CachedPolicies, SplitOutcome } from './cached-policies';
import { gateCandidate, outcomeOf } from './cached-policies';
import { msPerImage, type LatencyProfile } from './latency-profile';
import type { ChosenPoint, PointFigures } from './budget-types';

export type { ChosenPoint, PointFigures } from './budget-types';

export function figuresOf(o: SplitOutcome, latency: LatencyProfile | null | undefined): PointFigures {
  return { accuracy: o.accuracy, cost: o.cost, speedup: o.speedup, msPerImage: latency ? msPerImage(latency, o.reach) : null, exitFractions: o.exitFractions };
}

/** The backbone's own classifier on both splits: everyone leaves at the last exit. */
export function referenceOf(cache: CachedPolicies): ChosenPoint['reference'] {
  const all = (s: 'val' | 'test') => outcomeOf(cache, s, new Int32Array(cache.splits[s].n).fill(cache.splits[s].summaries.length - 1)).accuracy;
  return { validation: all('val'), test: all('test') };
}

export function pointOf(cache: CachedPolicies, c: Candidate, alpha: number | null, latency: LatencyProfile | null | undefined, val?: SplitOutcome): ChosenPoint {
  return {
    policy: c.policy,
    alpha,
    threshold: c.policy === 'patience' ? null : c.param,
    patience: c.policy === 'patience' ? c.param : null,
    gateModel: c.gateModel ?? null,
    reference: referenceOf(cache),
    validation: figuresOf(val ?? outcomeOf(cache, 'val', c.decide('val')), latency),
    test: figuresOf(outcomeOf(cache, 'test', c.decide('test')), latency),
  };
}

/**
 * The learned gates' operating point of one α of the sweep: its own gates (LEENet loss) at `threshold` (default the
 * seed's 0.5), or for shared gate models the (model, threshold) the sweep chose for that α — `threshold` overrides it.
 */
export function alphaCandidate(cache: CachedPolicies, points: readonly FrontierPoint[], alpha: number, threshold?: number): Candidate {
  const near = (a: number | null) => a !== null && Math.abs(a - alpha) < 1e-9;
  const own = cache.gateProbs.findIndex((g) => g.target === 'leenet' && near(g.alpha));
  let index = own;
  let t = threshold ?? 0.5;
  if (own < 0) {
    const point = points.find((p) => p.policy === 'leenet' && p.split === 'val' && !p.curve && near(p.param));
    const alphas = [...new Set(points.filter((p) => p.policy === 'leenet' && !p.curve).map((p) => p.param))].join(', ');
    if (!point) throw new RangeError(`The run has no operating point for α = ${alpha}. Its α values: ${alphas || 'none'}.`);
    index = cache.gateProbs.findIndex((g) => g.target === point.gateModel);
    if (index < 0) throw new RangeError(`The run kept no ${point.gateModel ?? ''} gate model for α = ${alpha}.`);
    t = threshold ?? point.threshold ?? 0.5;
  }
  return gateCandidate(cache, index, t);
}
