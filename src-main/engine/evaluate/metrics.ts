import type { FrontierPoint, PolicyName } from '../sweep-types';

export interface ExitOutcome {
  accuracy: number;
  cost: number;
  speedup: number;
  exitFractions: number[];
  exitAccuracy: (number | null)[];
}

/**
 * Scores one exit decision per sample.
 * @param correct per exit, 1 where that exit's prediction is right.
 * @param costs per exit, cost as a fraction of the full backbone.
 */
export function evaluateDecisions(decisions: Int32Array, correct: Uint8Array[], costs: readonly number[]): ExitOutcome {
  const k = costs.length;
  const counts = new Array<number>(k).fill(0);
  const right = new Array<number>(k).fill(0);
  let cost = 0;
  for (let i = 0; i < decisions.length; i++) {
    const e = decisions[i];
    counts[e]++;
    right[e] += correct[e][i];
    cost += costs[e];
  }
  const n = Math.max(1, decisions.length);
  const accuracy = right.reduce((a, b) => a + b, 0) / n;
  const expected = cost / n;
  return {
    accuracy,
    cost: expected,
    speedup: expected > 0 ? 1 / expected : Infinity,
    exitFractions: counts.map((c) => c / n),
    exitAccuracy: counts.map((c, e) => (c > 0 ? right[e] / c : null)),
  };
}

export function toPoint(policy: PolicyName, param: number | null, split: 'val' | 'test', outcome: ExitOutcome): FrontierPoint {
  return { policy, param, split, ...outcome };
}
