import { scaleLogits } from '../calibration/temperature';
import type { EvalSplit } from '../evaluate/baselines';
import { summariseLogits } from '../evaluate/logit-summary';
import { evaluateDecisions, type ExitOutcome } from '../evaluate/metrics';
import { gateRows, type GateInputs } from '../exits/gate-inputs';
import { entropyDecisions, gateDecisions, maxSoftmaxDecisions, patienceDecisions, quantileThresholds } from '../policies/exit-rules';
import type { DenseNetState } from '../exits/dense-net';
import type { BundleSplit, GateModelTarget, PolicyBundleContent } from '../runs/policy-bundle';
import type { BudgetPolicy } from './policies';

/** Thresholds per rule for a budget search: ten times the sweep's, so a budget falls between points by ≤ 0.2 %. */
export const FINE_POINTS = 501;

export { BUDGET_POLICIES, type BudgetPolicy } from './policies';

/** One way to run the exits, with its decisions on both splits made on demand. */
export interface Candidate {
  policy: BudgetPolicy;
  /** The rule's own parameter: threshold for max-softmax/entropy, k for patience, the gate threshold for leenet. */
  param: number;
  /** Learned gates: which saved gate model (index into the bundle's), its target and the α it was trained for. */
  gateModel?: { index: number; target: GateModelTarget; alpha: number | null };
  decide: (split: BundleSplit) => Int32Array;
}

export interface CachedPolicies {
  content: PolicyBundleContent;
  splits: Record<BundleSplit, EvalSplit>;
  /** Per gate model, its probabilities per split (the bundle's, plus any trained during a search). */
  gateProbs: { target: GateModelTarget; alpha: number | null; probs: Record<BundleSplit, Float32Array[]>; states: DenseNetState[] }[];
}

/** The bundle's logits calibrated with the run's own temperatures: the summaries every rule read in the sweep. */
export function cachedPolicies(content: PolicyBundleContent): CachedPolicies {
  const { meta } = content;
  const split = (name: BundleSplit): EvalSplit => ({
    name,
    n: meta.n[name],
    summaries: content.logits[name].map((z, k) => summariseLogits(scaleLogits(z, meta.temperatures[k]), meta.n[name], meta.classes, content.labels[name])),
  });
  return {
    content,
    splits: { val: split('val'), test: split('test') },
    gateProbs: meta.gateModels.map((g, m) => ({ target: g.target, alpha: g.alpha, probs: content.gates[m].probs, states: content.gates[m].states })),
  };
}

/** The uncertainty gate inputs of a split, rebuilt from its calibrated summaries (what the sweep's gates read). */
export function uncertaintyInputs(split: EvalSplit): GateInputs {
  const early = split.summaries.length - 1;
  const x = Array.from({ length: early }, (_, k) => gateRows('uncertainty', null, 0, split.summaries, k, split.n));
  return { n: split.n, x, dims: x.map((rows) => rows.length / Math.max(1, split.n)) };
}

/** Every operating point of one policy the cached outputs allow, thresholds chosen from validation scores only. */
export function candidatesOf(cache: CachedPolicies, policy: BudgetPolicy, models: number[] = cache.gateProbs.map((_, m) => m)): Candidate[] {
  const { val } = cache.splits;
  const summaries = (s: BundleSplit) => cache.splits[s].summaries;
  const n = (s: BundleSplit) => cache.splits[s].n;
  const early = val.summaries.slice(0, -1);
  // Above every score: nobody leaves early — the plain backbone with the exits' overhead, always a candidate.
  if (policy === 'max-softmax')
    return [...quantileThresholds(early.map((s) => s.maxProb), FINE_POINTS), 1.1].map((t) => ({ policy, param: t, decide: (s) => maxSoftmaxDecisions(summaries(s), n(s), t) }));
  if (policy === 'entropy')
    return [-0.1, ...quantileThresholds(early.map((s) => s.entropy), FINE_POINTS)].map((t) => ({ policy, param: t, decide: (s) => entropyDecisions(summaries(s), n(s), t) }));
  if (policy === 'patience')
    return Array.from({ length: val.summaries.length }, (_, i) => i + 1).map((k) => ({ policy, param: k, decide: (s) => patienceDecisions(summaries(s), n(s), k) }));
  return models.flatMap((m) => [...quantileThresholds(cache.gateProbs[m].probs.val, FINE_POINTS), 1].map((t) => gateCandidate(cache, m, t)));
}

/** Learned gate model `m` leaving above threshold `t`. */
export function gateCandidate(cache: CachedPolicies, m: number, t: number): Candidate {
  const g = cache.gateProbs[m];
  return { policy: 'leenet', param: t, gateModel: { index: m, target: g.target, alpha: g.alpha }, decide: (s) => gateDecisions(g.probs[s], cache.splits[s].n, t) };
}

/** What a candidate does on one split: the usual outcome, plus the mean CE and normalised cost the LEENet objective weighs. */
export interface SplitOutcome extends ExitOutcome {
  meanCe: number;
  meanNormalisedCost: number;
  /** Per exit, the share of samples that run it (reach it): what a latency profile multiplies. */
  reach: number[];
}

export function outcomeOf(cache: CachedPolicies, split: BundleSplit, decisions: Int32Array): SplitOutcome {
  const s = cache.splits[split];
  const { costs } = cache.content.meta;
  const outcome = evaluateDecisions(
    decisions,
    s.summaries.map((x) => x.correct),
    costs.fraction,
  );
  let ce = 0;
  let norm = 0;
  for (let i = 0; i < decisions.length; i++) {
    ce += s.summaries[decisions[i]].ce[i];
    norm += costs.normalised[decisions[i]];
  }
  const reach = outcome.exitFractions.map((_, k) => outcome.exitFractions.slice(k).reduce((a, b) => a + b, 0));
  const count = Math.max(1, decisions.length);
  return { ...outcome, meanCe: ce / count, meanNormalisedCost: norm / count, reach };
}
