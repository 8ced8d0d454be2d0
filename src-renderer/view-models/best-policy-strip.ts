import type { FrontierPoint } from '@api/models';
import { standardError, type Anchor, type PolicyEnvelope } from './frontier-envelope';

type PolicyName = FrontierPoint['policy'];

/** One budget interval of the strip under the x axis and the policy whose envelope is highest across it. */
export interface StripSegment {
  policy: PolicyName;
  /** The interval's ends as budgets: [from, to) in cost. */
  from: Anchor;
  to: Anchor;
  /** The winner's envelope accuracy across the interval. */
  accuracy: number;
  /** The best other policy there and its accuracy (null: no other policy has a point that cheap). */
  runnerUp: { policy: PolicyName; accuracy: number } | null;
  /** The lead is no more than the winner's standard error on the test set: the colour is not to be trusted. */
  withinNoise: boolean;
}

/**
 * Ties go to the simpler rule, in this order: a learned policy has to beat the classic rules strictly to own a
 * budget, since it costs gates and training to deploy.
 */
const SIMPLICITY: readonly PolicyName[] = ['fixed', 'max-softmax', 'entropy', 'patience', 'leenet'];

interface Standing {
  policy: PolicyName;
  accuracy: number;
  /** Where the policy first reaches that accuracy. */
  reachedAt: number;
}

/** A policy's accuracy at a budget and the cost it first reached it at, or null where it has no point that cheap. */
function standing(e: PolicyEnvelope, cost: number): Standing | null {
  let s: Standing | null = null;
  for (const p of e.corners) {
    if (p.cost > cost) break;
    s = { policy: e.policy, accuracy: p.accuracy, reachedAt: p.cost };
  }
  return s;
}

/** Higher accuracy first; on a tie, the policy that got there at lower cost, then the simpler rule. */
function ranks(a: Standing, b: Standing): number {
  return b.accuracy - a.accuracy || a.reachedAt - b.reachedAt || SIMPLICITY.indexOf(a.policy) - SIMPLICITY.indexOf(b.policy);
}

/**
 * The strip: between consecutive corners of any envelope (and on to `edge`) every envelope is flat, so each such
 * interval has one best policy; neighbouring intervals with the same winner are one segment. Budgets cheaper than
 * every policy's first point have no segment. `testSize` (null: unknown) marks leads within the winner's standard error.
 */
export function bestPolicySegments(envelopes: readonly PolicyEnvelope[], edge: Anchor, testSize: number | null): StripSegment[] {
  const anchors = new Map<number, Anchor>();
  for (const e of envelopes) for (const p of e.corners) if (p.cost < edge.cost) anchors.set(p.cost, { cost: p.cost, speedup: p.speedup });
  anchors.set(edge.cost, edge);
  const bounds = [...anchors.values()].sort((a, b) => a.cost - b.cost);
  const out: StripSegment[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const ranked = envelopes.map((e) => standing(e, bounds[i].cost)).filter((s): s is Standing => s !== null).sort(ranks);
    const [first, second] = ranked;
    if (!first) continue;
    const runnerUp = second ? { policy: second.policy, accuracy: second.accuracy } : null;
    const withinNoise = testSize !== null && runnerUp !== null && first.accuracy - runnerUp.accuracy <= standardError(first.accuracy, testSize);
    const last = out.at(-1);
    if (last && last.policy === first.policy && last.to.cost === bounds[i].cost && last.accuracy === first.accuracy && last.withinNoise === withinNoise && sameRunnerUp(last.runnerUp, runnerUp)) {
      last.to = bounds[i + 1];
      continue;
    }
    out.push({ policy: first.policy, from: bounds[i], to: bounds[i + 1], accuracy: first.accuracy, runnerUp, withinNoise });
  }
  return out;
}

function sameRunnerUp(a: StripSegment['runnerUp'], b: StripSegment['runnerUp']): boolean {
  return a === b || (a !== null && b !== null && a.policy === b.policy && a.accuracy === b.accuracy);
}

/** A segment's tooltip: the budgets it spans, who is best there and by how much. */
export function describeSegment(s: StripSegment, name: (policy: PolicyName) => string): string {
  const pct = (x: number, digits: number) => `${(100 * x).toFixed(digits)}%`;
  const budgets = `cost ${pct(s.from.cost, 1)}–${pct(s.to.cost, 1)} (${s.from.speedup.toFixed(2)}–${s.to.speedup.toFixed(2)}×)`;
  const lead = s.runnerUp
    ? `, ${(100 * (s.accuracy - s.runnerUp.accuracy)).toFixed(2)} pt ahead of ${name(s.runnerUp.policy)} (${pct(s.runnerUp.accuracy, 2)})`
    : ', the only policy this cheap';
  return `${budgets}: ${name(s.policy)} best, ${pct(s.accuracy, 2)}${lead}${s.withinNoise ? ' — within 1 standard error, so not a clear win' : ''}`;
}
