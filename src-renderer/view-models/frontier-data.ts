import type { FrontierPoint, SweepConfig } from '@api/models';
import { speedupWithinDrop } from './drop-reference';
import { formatPercent, formatTimes } from './format';
import { operatingPoints } from '@api/operating-points';
import { accuracyAt, chartEdge, envelope, ENVELOPE_POLICIES, policyEnvelopes, staircase } from './frontier-envelope';

type PolicyName = FrontierPoint['policy'];

export type FrontierAxis = 'cost' | 'speedup';

/**
 * `envelope`: the policy's staircase "best test accuracy at cost ≤ c" over its operating points (vertices, not points
 * of their own); `frontier`: those operating points (validation-chosen where the run marked them; for learned gates
 * without marks, their α points); `alphas`: learned gates' α operating points drawn beside their envelope;
 * `thresholds`: every other swept point (threshold sweeps not chosen on validation), shown on request.
 */
export type SeriesRole = 'envelope' | 'frontier' | 'alphas' | 'thresholds';

export interface FrontierSeries {
  policy: PolicyName;
  role: SeriesRole;
  label: string;
  /** Joined: only the envelope's staircase; operating points stand on their own. */
  line: boolean;
  /** Whether its learned-gate points carry their α on the chart. */
  alphaLabels: boolean;
  points: { x: number; y: number; point: FrontierPoint }[];
}

export interface SeriesOptions {
  /** The run's gate target: the learned policy is named by what its gates learned. */
  gateTarget?: SweepConfig['gateTarget'];
  /** Draw every swept point, not only the operating points, their envelope and the α points. */
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

const ORDER: PolicyName[] = ['leenet', 'max-softmax', 'entropy', 'patience', 'fixed', 'oracle'];

/** A policy's test points that are neither its operating points nor α points: swept, but not chosen. */
function sweptOnly(own: readonly FrontierPoint[], chosen: readonly FrontierPoint[]): FrontierPoint[] {
  const kept = new Set(chosen);
  return own.filter((p) => !kept.has(p) && !isAlphaPoint(p));
}

/** How many swept points the chart leaves out until asked (`SeriesOptions.thresholds`). */
export function sweptPointCount(points: readonly FrontierPoint[]): number {
  const test = points.filter((p) => p.split === 'test');
  return ENVELOPE_POLICIES.reduce((n, policy) => n + sweptOnly(test.filter((p) => p.policy === policy), operatingPoints(test, policy)).length, 0);
}

/**
 * The test split's points as the chart draws them, accuracy in %: per deployable policy its envelope staircase
 * (running on to the costliest point on the chart) over its operating points, the operating points themselves, the
 * learned gates' α points, and on request every other swept point; the oracle as its single point.
 */
export function frontierSeries(points: FrontierPoint[], axis: FrontierAxis, options: SeriesOptions = {}): FrontierSeries[] {
  const test = points.filter((p) => p.split === 'test' && Number.isFinite(xOf(p, axis)) && Number.isFinite(p.accuracy));
  const edge = chartEdge(test);
  const plot = (ps: FrontierPoint[]) => ps.map((p) => ({ x: xOf(p, axis), y: 100 * p.accuracy, point: p })).sort((a, b) => a.x - b.x);
  const out: FrontierSeries[] = [];
  for (const policy of ORDER) {
    const own = test.filter((p) => p.policy === policy);
    const label = policyLabel(policy, options.gateTarget);
    if (!own.length || !edge) continue;
    if (policy === 'oracle') {
      out.push({ policy, role: 'frontier', label, line: false, alphaLabels: false, points: plot(own) });
      continue;
    }
    const chosen = operatingPoints(test, policy);
    out.push({ policy, role: 'envelope', label, line: true, alphaLabels: false, points: staircase(envelope(chosen), edge, axis) });
    const marked = own.some((p) => p.envelope !== undefined);
    // Unmarked learned gates are judged on their α points: those are the operating points, labelled with their α.
    out.push({ policy, role: 'frontier', label: `${label}: operating points`, line: false, alphaLabels: policy === 'leenet' && !marked, points: plot(chosen) });
    if (policy === 'leenet' && marked) {
      out.push({ policy, role: 'alphas', label: 'α operating points', line: false, alphaLabels: true, points: plot(own.filter(isAlphaPoint)) });
    }
    if (options.thresholds) {
      out.push({ policy, role: 'thresholds', label: `${label}: other swept points`, line: false, alphaLabels: false, points: plot(sweptOnly(own, chosen)) });
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

/** The tooltip's second line for a point another point beats on both axes: which one, and by how much. */
export function beatenLine(by: FrontierPoint, exitNames: readonly string[], gateTarget?: SweepConfig['gateTarget']): string {
  return `beaten on both axes by ${policyLabel(by.policy, gateTarget)} ${describePoint(by, exitNames)}: ${formatPercent(by.accuracy)} at ${formatPercent(by.cost, 1)} cost`;
}

export interface BudgetRow {
  policy: PolicyName;
  /** Best test accuracy within ≤ 25 / 50 / 75 / 100 % of the full model's cost (null: no point that cheap). */
  accuracyAtCost: (number | null)[];
  /** Best speedup keeping accuracy within 0.5 / 1 point of the reference (null: none does, or no reference). */
  speedupAtDrop: (number | null)[];
}

export const COST_BUDGETS = [0.25, 0.5, 0.75, 1];
export const ACCURACY_DROPS = [0.005, 0.01];

/**
 * The table researchers ask for, for runs without the engine's summary: for each policy, the best accuracy under a
 * cost budget and the best speedup within an accuracy drop of `reference` (a test accuracy). A policy is judged on
 * its operating points, as the engine does, so threshold points never count twice.
 */
export function budgetTable(points: FrontierPoint[], reference: number | null): BudgetRow[] {
  const test = points.filter((p) => p.split === 'test');
  const speedups = reference === null ? [] : speedupWithinDrop(test, reference, ACCURACY_DROPS);
  return policyEnvelopes(test).map(({ policy, corners }) => ({
    policy,
    accuracyAtCost: COST_BUDGETS.map((c) => accuracyAt(corners, c + 1e-9)),
    speedupAtDrop: speedups.find((s) => s.policy === policy)?.values ?? ACCURACY_DROPS.map(() => null),
  }));
}
