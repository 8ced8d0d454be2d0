import type { FrontierPoint } from '../sweep-types';
import { SWEEP_POINTS } from '../evaluate/baselines';
import { gateDecisions, quantileThresholds } from './exit-rules';

/**
 * Gate thresholds to sweep — as many per gate model as the classic rules get, so no policy wins on density — from
 * the validation split's gate probabilities (quantiles, so the points spread over the whole cost range), plus the
 * seed's 0.5. Test probabilities never enter.
 */
export function gateThresholds(valProbs: Float32Array[]): number[] {
  return [...new Set([...quantileThresholds(valProbs, SWEEP_POINTS), 0.5])].sort((a, b) => a - b);
}

/**
 * The threshold whose decisions minimise the LEENet objective on validation,
 * (1-α)·mean CE of the exit taken + α·mean normalised cost: how α picks an operating point for gates that were
 * not trained for one α (the `correct` and `safe` targets). The objective's value comes back too, so α can also choose
 * between gate models.
 * @param ce per exit (the last included), each sample's cross-entropy there.
 * @param costs per exit, normalised (first 0, last 1).
 */
export function objectiveThreshold(valProbs: Float32Array[], ce: Float32Array[], costs: readonly number[], alpha: number, candidates: readonly number[]): { threshold: number; loss: number } {
  const n = ce[0]?.length ?? 0;
  let best = candidates[0] ?? 0.5;
  let bestLoss = Infinity;
  for (const t of candidates) {
    const exit = gateDecisions(valProbs, n, t);
    let loss = 0;
    for (let i = 0; i < n; i++) loss += (1 - alpha) * ce[exit[i]][i] + alpha * costs[exit[i]];
    if (loss < bestLoss - 1e-12) {
      bestLoss = loss;
      best = t;
    }
  }
  return { threshold: best, loss: bestLoss / Math.max(1, n) };
}

/**
 * Indices of the points not beaten on both axes by another (lower or equal cost and higher or equal accuracy, one
 * of them strictly): the Pareto envelope. Ties keep the first.
 */
export function paretoIndices(points: readonly { cost: number; accuracy: number }[]): number[] {
  const order = points.map((_, i) => i).sort((a, b) => points[a].cost - points[b].cost || points[b].accuracy - points[a].accuracy || a - b);
  const out: number[] = [];
  let bestAccuracy = -Infinity;
  for (const i of order) {
    if (points[i].accuracy > bestAccuracy) {
      out.push(i);
      bestAccuracy = points[i].accuracy;
    }
  }
  return out.sort((a, b) => a - b);
}

/**
 * Marks `envelope` on a policy's operating points: chosen on validation — a point pair (the same parameters on
 * validation and on test) is on it when its validation point is on the validation Pareto envelope. Test
 * accuracies play no part in the choice.
 */
export function markEnvelope(pairs: readonly { val: FrontierPoint; test: FrontierPoint }[]): void {
  const on = new Set(paretoIndices(pairs.map((p) => p.val)));
  pairs.forEach((p, i) => {
    p.val.envelope = on.has(i);
    p.test.envelope = on.has(i);
  });
}
