import type { FrontierPoint, PolicyName, PolicySummary, RunSummaryTable, SeedStat } from '../sweep-types';
import { accuracyKey, speedupKey } from './summary-keys';

/** Budgets of the "who wins" table: accuracy drops in points (as fractions) and cost fractions. */
export const SUMMARY_DROPS = [0.005, 0.01];
export const SUMMARY_COSTS = [0.25, 0.5, 0.75];

/** Policies in the table, in display order: the oracle is a bound no rule can reach, so it has no row. */
const TABLE_POLICIES: PolicyName[] = ['leenet', 'max-softmax', 'entropy', 'patience', 'fixed'];

/** One seed's figures for one policy (null: the budget cannot be met). */
export interface PolicyFigures {
  policy: PolicyName;
  speedupAtDrop: (number | null)[];
  accuracyAtCost: (number | null)[];
  auc: number;
}

const EPS = 1e-9;

/**
 * Area under the step frontier "best accuracy at cost ≤ c", averaged over c in [lo, 1]; where no point is that cheap
 * the policy scores 0, because it cannot offer that budget at all.
 */
export function frontierArea(points: readonly { cost: number; accuracy: number }[], lo: number): number {
  if (lo >= 1) return 0;
  const sorted = [...points].sort((a, b) => a.cost - b.cost);
  let area = 0;
  let best = 0;
  let at = lo;
  for (const p of sorted) {
    const c = Math.min(1, Math.max(lo, p.cost));
    area += best * (c - at);
    at = c;
    if (p.cost <= 1 + EPS) best = Math.max(best, p.accuracy);
  }
  area += best * (1 - at);
  return area / (1 - lo);
}

/** A policy's test frontier as the table reads it: its validation-chosen envelope where marked, else every point. */
export function policyFrontier(points: readonly FrontierPoint[], policy: PolicyName): FrontierPoint[] {
  const all = points.filter((p) => p.split === 'test' && p.policy === policy);
  return all.some((p) => p.envelope !== undefined) ? all.filter((p) => p.envelope) : all;
}

/**
 * The table's figures for every policy on one seed's test points. A threshold policy is represented by its
 * validation-chosen envelope (where marked); the reference is the backbone's own classifier (the last fixed exit).
 */
export function policyFigures(points: readonly FrontierPoint[]): { reference: number; figures: PolicyFigures[] } {
  const test = points.filter((p) => p.split === 'test');
  const fixed = test.filter((p) => p.policy === 'fixed').sort((a, b) => (a.param ?? 0) - (b.param ?? 0));
  const reference = fixed.at(-1)?.accuracy ?? NaN;
  const lo = fixed[0]?.cost ?? 0;
  const best = (xs: number[]) => (xs.length ? Math.max(...xs) : null);
  const figures = TABLE_POLICIES.flatMap((policy): PolicyFigures[] => {
    const own = policyFrontier(test, policy);
    if (!own.length) return [];
    return [
      {
        policy,
        speedupAtDrop: SUMMARY_DROPS.map((d) => best(own.filter((p) => p.accuracy >= reference - d - EPS).map((p) => p.speedup))),
        accuracyAtCost: SUMMARY_COSTS.map((c) => best(own.filter((p) => p.cost <= c + EPS).map((p) => p.accuracy))),
        auc: frontierArea(own, lo),
      },
    ];
  });
  return { reference, figures };
}

/** Mean and sample standard deviation of the values that exist; null when none does. */
export function seedStat(values: readonly (number | null)[]): SeedStat | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!xs.length) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, std, n: xs.length };
}

/**
 * The winner of one column: the highest mean, when it beats the runner-up by more than either's spread across
 * seeds and more than `floor`, the noise one seed cannot show. A policy that meets the budget beats one that cannot.
 */
function winner(cells: { policy: PolicyName; value: SeedStat | null }[], floor: (x: number) => number): PolicyName | null {
  const ranked = cells.filter((c) => c.value !== null).sort((a, b) => b.value!.mean - a.value!.mean);
  if (!ranked.length) return null;
  const [first, second] = ranked;
  if (!second) return first.policy;
  const margin = first.value!.mean - second.value!.mean;
  return margin > Math.max(first.value!.std, second.value!.std, floor(first.value!.mean), EPS) ? first.policy : null;
}

/** Relative margin a speedup must win by: operating points are discrete, so two rules can differ by a step. */
const SPEEDUP_FLOOR = 0.01;

/**
 * Combines every seed's figures into the run's table with mean ± std and the winner of each column. An accuracy wins
 * only by more than its binomial standard error on `testSize` images, a speedup only by more than 1 %.
 */
export function summaryTable(perSeed: readonly { reference: number; figures: PolicyFigures[] }[], referenceName: string, testSize: number): RunSummaryTable {
  const policies = TABLE_POLICIES.filter((policy) => perSeed.some((s) => s.figures.some((f) => f.policy === policy)));
  const rows: PolicySummary[] = policies.map((policy) => {
    const mine = perSeed.map((s) => s.figures.find((f) => f.policy === policy));
    return {
      policy,
      speedupAtDrop: SUMMARY_DROPS.map((drop, j) => ({ drop, value: seedStat(mine.map((f) => f?.speedupAtDrop[j] ?? null)) })),
      accuracyAtCost: SUMMARY_COSTS.map((cost, j) => ({ cost, value: seedStat(mine.map((f) => f?.accuracyAtCost[j] ?? null)) })),
      auc: seedStat(mine.map((f) => f?.auc ?? null)) ?? { mean: 0, std: 0, n: 0 },
    };
  });
  const best: Record<string, PolicyName | null> = {};
  const standardError = (p: number) => Math.sqrt(Math.max(0, p * (1 - p)) / Math.max(1, testSize));
  const speedupFloor = (x: number) => SPEEDUP_FLOOR * x;
  SUMMARY_DROPS.forEach((d, j) => (best[speedupKey(d)] = winner(rows.map((r) => ({ policy: r.policy, value: r.speedupAtDrop[j].value })), speedupFloor)));
  SUMMARY_COSTS.forEach((c, j) => (best[accuracyKey(c)] = winner(rows.map((r) => ({ policy: r.policy, value: r.accuracyAtCost[j].value })), standardError)));
  best.auc = winner(rows.map((r) => ({ policy: r.policy, value: r.auc })), standardError);
  return {
    reference: { name: referenceName, accuracy: seedStat(perSeed.map((s) => s.reference)) ?? { mean: NaN, std: 0, n: 0 } },
    seeds: perSeed.length,
    policies: rows,
    best,
  };
}
