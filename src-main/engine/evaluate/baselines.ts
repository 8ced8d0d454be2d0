import type { FrontierPoint } from '../sweep-types';
import { entropyDecisions, fixedDecisions, maxSoftmaxDecisions, oracleDecisions, patienceDecisions, quantileThresholds } from '../policies/exit-rules';
import type { LogitSummary } from './logit-summary';
import { evaluateDecisions, toPoint } from './metrics';

export interface EvalSplit {
  name: 'val' | 'test';
  n: number;
  /** Per exit, the last one included. */
  summaries: LogitSummary[];
}

/** Thresholds per rule: fine enough that no budget falls between two points by more than ~2% of the samples. */
export const SWEEP_POINTS = 51;

/**
 * Points of the classic rules on the same cached outputs: max-softmax and entropy threshold sweeps (thresholds
 * chosen from the validation split's scores and applied unchanged to test), patience for every k, every fixed exit,
 * and the oracle.
 */
export function baselinePoints(val: EvalSplit, test: EvalSplit, costs: readonly number[]): FrontierPoint[] {
  const early = (s: EvalSplit) => s.summaries.slice(0, -1);
  const softmaxThresholds = quantileThresholds(early(val).map((s) => s.maxProb), SWEEP_POINTS);
  const entropyThresholds = quantileThresholds(early(val).map((s) => s.entropy), SWEEP_POINTS);
  const points: FrontierPoint[] = [];
  for (const split of [val, test]) {
    const correct = split.summaries.map((s) => s.correct);
    const add = (policy: FrontierPoint['policy'], param: number | null, decisions: Int32Array) =>
      points.push(toPoint(policy, param, split.name, evaluateDecisions(decisions, correct, costs)));
    for (const t of softmaxThresholds) add('max-softmax', t, maxSoftmaxDecisions(split.summaries, split.n, t));
    for (const t of entropyThresholds) add('entropy', t, entropyDecisions(split.summaries, split.n, t));
    // k consecutive agreeing exits, for every k the early exits allow.
    for (let k = 1; k < costs.length; k++) add('patience', k, patienceDecisions(split.summaries, split.n, k));
    for (let k = 0; k < costs.length; k++) add('fixed', k, fixedDecisions(split.n, k));
    add('oracle', null, oracleDecisions(split.summaries, split.n));
  }
  return points;
}
