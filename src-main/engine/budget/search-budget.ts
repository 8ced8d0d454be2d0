import { predictGates, trainGates } from '../train/train-gates';
import type { BundleSplit, PolicyBundleContent } from '../runs/policy-bundle';
import { BUDGET_POLICIES, cachedPolicies, candidatesOf, gateCandidate, outcomeOf, uncertaintyInputs, type BudgetPolicy, type Candidate, type CachedPolicies, type SplitOutcome } from './cached-policies';
import { msPerImage, type LatencyProfile } from './latency-profile';
import { pointOf, referenceOf } from './operating-point';
import { budgetProblem, type BudgetChoice, type BudgetTarget } from './budget-types';

export type { BudgetChoice, BudgetTarget, BudgetTargetKind } from './budget-types';

export interface BudgetOptions {
  policy?: 'best' | BudgetPolicy;
  /** The cached policies to search (made from the bundle when absent); gate models trained by the search join it. */
  cache?: CachedPolicies;
  latency?: LatencyProfile | null;
  /** LEENet-loss gates: train gates for new α values on the cached outputs, at most `steps` times. */
  retrain?: { epochs: number; seed: number; steps?: number; signal?: AbortSignal };
}

interface Scored {
  candidate: Candidate;
  val: SplitOutcome;
  ms: number | null;
}

const EPS = 1e-9;
const RETRAIN_STEPS = 5;

/** Whether a point meets the target on validation, and how good it is among those that do (higher is better). */
function judge(target: BudgetTarget, reference: number): { feasible: (s: Scored) => boolean; better: (a: Scored, b: Scored) => boolean; nearer: (a: Scored, b: Scored) => boolean } {
  const acc = (s: Scored) => s.val.accuracy;
  const fast = (s: Scored) => s.val.speedup;
  if (target.kind === 'speedup')
    return {
      feasible: (s) => fast(s) >= target.value * (1 - EPS),
      better: (a, b) => acc(a) > acc(b) + EPS || (Math.abs(acc(a) - acc(b)) <= EPS && fast(a) > fast(b)),
      nearer: (a, b) => fast(a) > fast(b),
    };
  if (target.kind === 'max-drop')
    return {
      feasible: (s) => acc(s) >= reference - target.value / 100 - EPS,
      better: (a, b) => fast(a) > fast(b) + EPS || (Math.abs(fast(a) - fast(b)) <= EPS && acc(a) > acc(b)),
      nearer: (a, b) => acc(a) > acc(b),
    };
  const ms = (s: Scored) => s.ms ?? Infinity;
  return {
    feasible: (s) => ms(s) <= target.value * (1 + EPS),
    better: (a, b) => acc(a) > acc(b) + EPS || (Math.abs(acc(a) - acc(b)) <= EPS && ms(a) < ms(b)),
    nearer: (a, b) => ms(a) < ms(b),
  };
}

function describe(target: BudgetTarget): string {
  return target.kind === 'speedup' ? `${target.value}× speedup` : target.kind === 'ms' ? `${target.value} ms per image` : `at most ${target.value} points of accuracy drop`;
}

/**
 * The α at which the LEENet objective (1−α)·CE + α·cost, minimised over the learned points on validation, first
 * picks a point as cheap as `chosen`: the objective's pick only gets cheaper as α grows, so bisection finds it.
 */
function alphaFor(chosen: Scored, learned: Scored[]): number {
  const pick = (alpha: number) =>
    learned.reduce((best, s) => {
      const loss = (x: Scored) => (1 - alpha) * x.val.meanCe + alpha * x.val.meanNormalisedCost;
      return loss(s) < loss(best) ? s : best;
    });
  const cheapEnough = (alpha: number) => pick(alpha).val.meanNormalisedCost <= chosen.val.meanNormalisedCost + EPS;
  if (cheapEnough(0)) return 0;
  if (!cheapEnough(1)) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (cheapEnough(mid)) hi = mid;
    else lo = mid;
  }
  return Math.round(hi * 1e6) / 1e6;
}

/** LEENet-loss gates for a new α, trained on the cached validation outputs exactly as the sweep trained them. */
async function trainAlpha(cache: CachedPolicies, alpha: number, retrain: NonNullable<BudgetOptions['retrain']>): Promise<number> {
  const { val, test } = cache.splits;
  const gates = await trainGates(
    uncertaintyInputs(val),
    val.summaries.map((s) => s.ce),
    { target: 'leenet', alpha, costs: cache.content.meta.costs.normalised, epochs: retrain.epochs, seed: retrain.seed, signal: retrain.signal },
  );
  try {
    const probs: Record<BundleSplit, Float32Array[]> = { val: await predictGates(gates, uncertaintyInputs(val)), test: await predictGates(gates, uncertaintyInputs(test)) };
    cache.gateProbs.push({ target: 'leenet', alpha, probs, states: await Promise.all(gates.map((g) => g.state())) });
    return cache.gateProbs.length - 1;
  } finally {
    gates.forEach((g) => g.dispose());
  }
}

/**
 * Finds the operating point that meets a budget on the validation split: for `speedup` the most accurate at
 * least that fast, for `max-drop` the fastest within that many points of the full model, for `ms` the most
 * accurate within that latency. Thresholds come from validation scores, the choice from validation outcomes; the
 * test split is evaluated once, for the chosen point, and reported.
 */
export async function searchBudget(content: PolicyBundleContent, target: BudgetTarget, options: BudgetOptions = {}): Promise<BudgetChoice> {
  const problem = budgetProblem(target.kind, target.value);
  if (problem) throw new RangeError(`${problem} (the ${target.kind} target was ${target.value})`);
  if (target.kind === 'ms' && !options.latency) throw new RangeError('This run has no latency profile, so a budget in ms per image cannot be searched: use --speedup or --max-drop, or run the sweep again.');
  const cache = options.cache ?? cachedPolicies(content);
  const policies = !options.policy || options.policy === 'best' ? BUDGET_POLICIES : [options.policy];
  if (policies.includes('leenet') && !cache.gateProbs.length && policies.length === 1) throw new RangeError('This run kept no gate models: search another policy (--policy max-softmax) or run the sweep again.');
  const reference = referenceOf(cache);
  const score = (candidate: Candidate): Scored => {
    const o = outcomeOf(cache, 'val', candidate.decide('val'));
    return { candidate, val: o, ms: options.latency ? msPerImage(options.latency, o.reach) : null };
  };
  const rule = judge(target, reference.validation);
  const choose = (scored: Scored[]) => {
    const ok = scored.filter(rule.feasible);
    const pool = ok.length ? ok : scored;
    const best = pool.reduce((a, b) => (ok.length ? (rule.better(b, a) ? b : a) : rule.nearer(b, a) ? b : a));
    return { best, met: ok.length > 0 };
  };

  const scored = policies.flatMap((p) => candidatesOf(cache, p).map(score));
  const trainedAlphas: number[] = [];
  const leenetOnly = content.meta.gateModels.length > 0 && content.meta.gateModels.every((g) => g.target === 'leenet');
  const canRetrain = options.retrain && leenetOnly && content.meta.gateInput === 'uncertainty' && content.meta.gateSplit === 'val' && policies.includes('leenet');
  if (canRetrain) {
    // Bisection over α between the two trained α values whose own points (threshold 0.5) straddle the target.
    const ownPoint = (m: number) => score(gateCandidate(cache, m, 0.5));
    const models = cache.gateProbs.map((g, m) => ({ alpha: g.alpha ?? 0, feasible: rule.feasible(ownPoint(m)) })).sort((a, b) => a.alpha - b.alpha);
    // Feasibility flips once along α: speed and latency targets are met from some α up, drop targets up to some α.
    const flip = models.findIndex((m, i) => i > 0 && m.feasible !== models[i - 1].feasible);
    if (flip > 0) {
      let lo = models[flip - 1].alpha;
      let hi = models[flip].alpha;
      const loFeasible = models[flip - 1].feasible;
      for (let step = 0; step < (options.retrain!.steps ?? RETRAIN_STEPS) && hi - lo > 1e-4; step++) {
        const mid = Math.round(((lo + hi) / 2) * 1e6) / 1e6;
        const m = await trainAlpha(cache, mid, options.retrain!);
        trainedAlphas.push(mid);
        scored.push(...candidatesOf(cache, 'leenet', [m]).map(score));
        if (rule.feasible(ownPoint(m)) === loFeasible) lo = mid;
        else hi = mid;
      }
    }
  }
  const { best, met } = choose(scored);
  const c = best.candidate;
  const learned = scored.filter((s) => s.candidate.policy === 'leenet' && s.candidate.gateModel?.target !== 'leenet');
  const alpha = c.policy !== 'leenet' ? null : c.gateModel?.target === 'leenet' ? c.gateModel.alpha : alphaFor(best, learned);
  const fmt = (s: Scored) => `${(100 * s.val.accuracy).toFixed(2)}% at ${s.val.speedup.toFixed(2)}×${s.ms !== null ? `, ${s.ms.toFixed(3)} ms/image` : ''} on validation`;
  return {
    ...pointOf(cache, c, alpha, options.latency, best.val),
    target,
    met,
    message: met ? `${c.policy} meets ${describe(target)}: ${fmt(best)}.` : `No operating point of ${policies.join(', ')} meets ${describe(target)} on validation; the nearest: ${c.policy}, ${fmt(best)}.`,
    trainedAlphas,
  };
}
