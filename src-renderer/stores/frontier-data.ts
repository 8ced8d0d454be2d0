import type { FrontierPoint } from '../../src-main/api/models';

type PolicyName = FrontierPoint['policy'];

export type FrontierAxis = 'cost' | 'speedup';

export interface FrontierSeries {
  policy: PolicyName;
  label: string;
  /** Lines for threshold sweeps; separate points for the rest. */
  line: boolean;
  points: { x: number; y: number; point: FrontierPoint }[];
}

const LABELS: Record<PolicyName, string> = {
  leenet: 'LEENet gates (α)',
  'max-softmax': 'max-softmax',
  entropy: 'entropy',
  fixed: 'fixed exits',
  oracle: 'oracle',
};

export function xOf(p: FrontierPoint, axis: FrontierAxis): number {
  return axis === 'cost' ? p.cost : p.speedup;
}

/** The test split's points grouped by policy, sorted along the x axis, accuracy in %. */
export function frontierSeries(points: FrontierPoint[], axis: FrontierAxis): FrontierSeries[] {
  const order: PolicyName[] = ['leenet', 'max-softmax', 'entropy', 'fixed', 'oracle'];
  return order
    .map((policy) => ({
      policy,
      label: LABELS[policy],
      line: policy !== 'fixed' && policy !== 'oracle',
      points: points
        .filter((p) => p.split === 'test' && p.policy === policy && Number.isFinite(xOf(p, axis)))
        .map((p) => ({ x: xOf(p, axis), y: 100 * p.accuracy, point: p }))
        .sort((a, b) => a.x - b.x),
    }))
    .filter((s) => s.points.length > 0);
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

/**
 * The table researchers ask for: for each policy, the best accuracy under a cost budget and the best speedup under
 * an accuracy budget. The reference accuracy is the backbone's own classifier (the last fixed exit).
 */
export function budgetTable(points: FrontierPoint[]): BudgetRow[] {
  const test = points.filter((p) => p.split === 'test');
  const fixed = test.filter((p) => p.policy === 'fixed');
  const full = fixed.reduce<FrontierPoint | null>((a, p) => (a === null || (p.param ?? 0) > (a.param ?? 0) ? p : a), null);
  const policies = [...new Set(test.map((p) => p.policy))].filter((p) => p !== 'oracle');
  return policies.map((policy) => {
    const own = test.filter((p) => p.policy === policy);
    const best = (xs: number[]) => (xs.length ? Math.max(...xs) : null);
    return {
      policy,
      accuracyAtCost: COST_BUDGETS.map((c) => best(own.filter((p) => p.cost <= c + 1e-9).map((p) => p.accuracy))),
      speedupAtDrop: ACCURACY_DROPS.map((d) => (full ? best(own.filter((p) => p.accuracy >= full.accuracy - d - 1e-9).map((p) => p.speedup)) : null)),
    };
  });
}
