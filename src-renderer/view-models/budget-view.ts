import type { FrontierPoint, RunSummaryTable, SweepConfig } from '@api/models';
import { accuracyKey, speedupKey } from '@api/summary-keys';
import { ACCURACY_DROPS, budgetTable, COST_BUDGETS, policyLabel, referencePoint } from './frontier-data';
import type { SeedStat } from '@api/models';
import { formatPercent, formatTimes, NO_FIGURE } from './format';

export interface BudgetColumn {
  /** The engine's column key (`speedup@0.5`, `accuracy@0.25`, `auc`): how `summary.best` names a column. */
  key: string;
  label: string;
}

export interface BudgetCell {
  text: string;
  /** This policy wins the column by more than the spread. */
  best: boolean;
  /** Only when some seeds could not meet the budget: how many did. */
  note?: string;
}

export interface BudgetViewRow {
  policy: FrontierPoint['policy'];
  label: string;
  cells: BudgetCell[];
}

export interface BudgetView {
  /** `summary`: the engine's table (validation-chosen, over seeds); `points`: worked out here for older runs. */
  source: 'summary' | 'points';
  columns: BudgetColumn[];
  rows: BudgetViewRow[];
  caption: string;
}

const percent = (x: number) => (100 * x).toFixed(2);

/** `98.12%`, or `98.12 ± 0.15%` when the run repeated its seeds (std in points). */
export function formatAccuracy(s: SeedStat | null, seeds: number): string {
  if (s === null) return NO_FIGURE;
  return seeds > 1 ? `${percent(s.mean)} ± ${percent(s.std)}%` : formatPercent(s.mean);
}

export function formatSpeedup(s: SeedStat | null, seeds: number): string {
  if (s === null) return NO_FIGURE;
  return seeds > 1 ? `${s.mean.toFixed(2)} ± ${s.std.toFixed(2)}×` : formatTimes(s.mean);
}

const speedupLabel = (drop: number) => `speedup ≤ ${100 * drop} pt drop`;
const accuracyLabel = (cost: number) => `acc. ≤ ${100 * cost}% cost`;

function fromSummary(summary: RunSummaryTable, gateTarget: SweepConfig['gateTarget'] | undefined): BudgetView {
  const first = summary.policies[0];
  const drops = first?.speedupAtDrop.map((d) => d.drop) ?? [];
  const costs = first?.accuracyAtCost.map((c) => c.cost) ?? [];
  const columns: BudgetColumn[] = [
    ...drops.map((d) => ({ key: speedupKey(d), label: speedupLabel(d) })),
    ...costs.map((c) => ({ key: accuracyKey(c), label: accuracyLabel(c) })),
    { key: 'auc', label: 'AUC' },
  ];
  const { seeds } = summary;
  const cell = (key: string, policy: FrontierPoint['policy'], text: string, stat: SeedStat | null): BudgetCell => ({
    text,
    best: summary.best[key] === policy,
    ...(seeds > 1 && stat !== null && stat.n < seeds ? { note: `met in ${stat.n} of ${seeds} seeds` } : {}),
  });
  const rows = summary.policies.map((p) => ({
    policy: p.policy,
    label: policyLabel(p.policy, gateTarget),
    cells: [
      ...p.speedupAtDrop.map((d) => cell(speedupKey(d.drop), p.policy, formatSpeedup(d.value, seeds), d.value)),
      ...p.accuracyAtCost.map((c) => cell(accuracyKey(c.cost), p.policy, formatAccuracy(c.value, seeds), c.value)),
      cell('auc', p.policy, formatAccuracy(p.auc, seeds), p.auc),
    ],
  }));
  const ref = summary.reference;
  const over = seeds > 1 ? `; mean ± std over ${seeds} seeds` : '';
  return {
    source: 'summary',
    columns,
    rows,
    caption:
      `Speedup: drop vs the backbone's own classifier (${ref.name}): ${formatAccuracy(ref.accuracy, seeds)} on test. ` +
      `Operating points are chosen on validation${over}. ★ best by more than the spread.`,
  };
}

function fromPoints(points: FrontierPoint[], exitNames: readonly string[], gateTarget: SweepConfig['gateTarget'] | undefined): BudgetView {
  const one = (x: number | null, f: (s: SeedStat | null, seeds: number) => string): BudgetCell => ({
    text: f(x === null ? null : { mean: x, std: 0, n: 1 }, 1),
    best: false,
  });
  const full = referencePoint(points);
  const name = full ? (exitNames[full.param ?? 0] ?? 'final') : null;
  return {
    source: 'points',
    columns: [
      ...ACCURACY_DROPS.map((d) => ({ key: speedupKey(d), label: speedupLabel(d) })),
      ...COST_BUDGETS.map((c) => ({ key: accuracyKey(c), label: accuracyLabel(c) })),
    ],
    rows: budgetTable(points).map((r) => ({
      policy: r.policy,
      label: policyLabel(r.policy, gateTarget),
      cells: [...r.speedupAtDrop.map((s) => one(s, formatSpeedup)), ...r.accuracyAtCost.map((a) => one(a, formatAccuracy))],
    })),
    caption: full
      ? `Speedup: drop vs the backbone's own classifier (${name}): ${formatPercent(full.accuracy)} on test. Best test point per budget (this run has no validation-chosen summary).`
      : 'Best test point per budget (this run has no validation-chosen summary).',
  };
}

/** The budget table of a run: the engine's summary when it wrote one, else today's table from the test points. */
export function budgetView(run: { points: FrontierPoint[]; exits: { name: string }[]; config: Partial<Pick<SweepConfig, 'gateTarget'>>; summary?: RunSummaryTable | null }): BudgetView {
  const target = run.config.gateTarget;
  return run.summary ? fromSummary(run.summary, target) : fromPoints(run.points, run.exits.map((e) => e.name), target);
}
