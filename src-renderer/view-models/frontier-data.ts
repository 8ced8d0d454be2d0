import type { FrontierPoint, SweepConfig } from '@api/models';
import { formatPercent, formatTimes } from './format';

type PolicyName = FrontierPoint['policy'];

export type FrontierAxis = 'cost' | 'speedup';

/**
 * `frontier`: what the policy offers (for learned gates their validation-chosen envelope, or their α points in runs
 * without one); `alphas`: learned gates' α operating points drawn beside their envelope; `thresholds`: points of
 * a learned α's threshold sweep.
 */
export type SeriesRole = 'frontier' | 'alphas' | 'thresholds';

export interface FrontierSeries {
  policy: PolicyName;
  role: SeriesRole;
  label: string;
  /** Lines for threshold sweeps and the learned envelope; separate points for the rest. */
  line: boolean;
  /** Whether its learned-gate points carry their α on the chart. */
  alphaLabels: boolean;
  points: { x: number; y: number; point: FrontierPoint }[];
}

export interface SeriesOptions {
  /** The run's gate target: the learned policy is named by what its gates learned. */
  gateTarget?: SweepConfig['gateTarget'];
  /** Draw every threshold-sweep point of the learned gates, not only the envelope and the α points. */
  thresholds?: boolean;
}

/**
 * Runs from before the gate target was a choice have none in their config, and were all trained with the LEENet
 * loss, so that is what a missing target means.
 */
export function learnedLabel(gateTarget: SweepConfig['gateTarget'] | undefined): string {
  if (gateTarget === 'auto') return 'learned gates (P(correct) + P(safe))';
  return gateTarget === 'correct' || gateTarget === 'safe' ? `learned gates (P(${gateTarget}))` : 'learned gates (LEENet loss)';
}

export function policyLabel(policy: PolicyName, gateTarget?: SweepConfig['gateTarget']): string {
  return policy === 'leenet' ? learnedLabel(gateTarget) : policy === 'fixed' ? 'fixed exits' : policy;
}

function xOf(p: FrontierPoint, axis: FrontierAxis): number {
  return axis === 'cost' ? p.cost : p.speedup;
}

/** An α's own operating point, as opposed to a point of its threshold sweep. */
export function isAlphaPoint(p: FrontierPoint): boolean {
  return p.policy === 'leenet' && p.split === 'test' && !p.curve;
}

/** Whether the engine chose an envelope for these points: runs written before it did carry no flags at all. */
function hasEnvelope(points: readonly FrontierPoint[]): boolean {
  return points.some((p) => p.envelope !== undefined);
}

const ORDER: PolicyName[] = ['leenet', 'max-softmax', 'entropy', 'patience', 'fixed', 'oracle'];

/**
 * The test split's points grouped by policy, sorted along the x axis, accuracy in %. The learned policy is its
 * envelope line plus its α points (and, when asked, every threshold point); older runs draw their α points joined.
 */
export function frontierSeries(points: FrontierPoint[], axis: FrontierAxis, options: SeriesOptions = {}): FrontierSeries[] {
  const test = points.filter((p) => p.split === 'test' && Number.isFinite(xOf(p, axis)));
  const plot = (ps: FrontierPoint[]) => ps.map((p) => ({ x: xOf(p, axis), y: 100 * p.accuracy, point: p })).sort((a, b) => a.x - b.x);
  const out: FrontierSeries[] = [];
  for (const policy of ORDER) {
    const own = test.filter((p) => p.policy === policy);
    const label = policyLabel(policy, options.gateTarget);
    if (policy !== 'leenet') {
      out.push({ policy, role: 'frontier', label, line: policy !== 'fixed' && policy !== 'oracle', alphaLabels: false, points: plot(own) });
      continue;
    }
    const alphas = own.filter((p) => !p.curve);
    if (hasEnvelope(own)) {
      out.push({ policy, role: 'frontier', label, line: true, alphaLabels: false, points: plot(own.filter((p) => p.envelope)) });
      out.push({ policy, role: 'alphas', label: 'α operating points', line: false, alphaLabels: true, points: plot(alphas) });
    } else {
      out.push({ policy, role: 'frontier', label, line: true, alphaLabels: true, points: plot(alphas) });
    }
    if (options.thresholds) {
      out.push({ policy, role: 'thresholds', label: 'threshold sweep points', line: false, alphaLabels: false, points: plot(own.filter((p) => p.curve)) });
    }
  }
  return out.filter((s) => s.points.length > 0);
}

/** How a point is named in its tooltip, the detail header and the points table. */
export function describePoint(p: FrontierPoint, exitNames: readonly string[]): string {
  if (p.policy === 'leenet') return p.threshold === undefined ? `α=${p.param}` : `α=${p.param}, threshold ${p.threshold.toPrecision(3)}`;
  if (p.policy === 'fixed') return exitNames[p.param ?? 0] ?? `exit ${p.param}`;
  return p.param === null ? 'oracle' : `τ=${p.param.toPrecision(3)}`;
}

/**
 * A point's tooltip line. A fixed exit's accuracy is its own head's (every sample leaves there), which the
 * tooltip says, since it reads like any other policy's accuracy otherwise.
 */
export function tooltipLine(seriesLabel: string, p: FrontierPoint, exitNames: readonly string[]): string {
  const where = `${formatPercent(p.cost, 1)} cost (${formatTimes(p.speedup)})`;
  if (p.policy === 'fixed') return `${describePoint(p, exitNames)}: head accuracy ${formatPercent(p.accuracy)} at ${where}`;
  return `${seriesLabel} ${describePoint(p, exitNames)}: ${formatPercent(p.accuracy)} at ${where}`;
}

export interface BudgetRow {
  policy: PolicyName;
  /** Best test accuracy within ≤ 25 / 50 / 75 / 100 % of the full model's cost (null: no point that cheap). */
  accuracyAtCost: (number | null)[];
  /** Best speedup keeping accuracy within 0.5 / 1 point of the full model's (null: none does). */
  speedupAtDrop: (number | null)[];
}

export const COST_BUDGETS = [0.25, 0.5, 0.75, 1];
export const ACCURACY_DROPS = [0.005, 0.01];

/** The backbone's own classifier on test: the deepest fixed exit. */
export function referencePoint(points: readonly FrontierPoint[]): FrontierPoint | null {
  const fixed = points.filter((p) => p.split === 'test' && p.policy === 'fixed');
  return fixed.reduce<FrontierPoint | null>((a, p) => (a === null || (p.param ?? 0) > (a.param ?? 0) ? p : a), null);
}

/**
 * The table researchers ask for, for runs without the engine's summary: for each policy, the best accuracy under a
 * cost budget and the best speedup under an accuracy budget. The reference accuracy is the backbone's own
 * classifier (the last fixed exit). A policy with an envelope is judged on it, as the engine does, so threshold
 * points never count twice.
 */
export function budgetTable(points: FrontierPoint[]): BudgetRow[] {
  const test = points.filter((p) => p.split === 'test');
  const full = referencePoint(test);
  const policies = [...new Set(test.map((p) => p.policy))].filter((p) => p !== 'oracle');
  return policies.map((policy) => {
    const all = test.filter((p) => p.policy === policy);
    const own = hasEnvelope(all) ? all.filter((p) => p.envelope) : all.filter((p) => !p.curve);
    const best = (xs: number[]) => (xs.length ? Math.max(...xs) : null);
    return {
      policy,
      accuracyAtCost: COST_BUDGETS.map((c) => best(own.filter((p) => p.cost <= c + 1e-9).map((p) => p.accuracy))),
      speedupAtDrop: ACCURACY_DROPS.map((d) => (full ? best(own.filter((p) => p.accuracy >= full.accuracy - d - 1e-9).map((p) => p.speedup)) : null)),
    };
  });
}
