import type { FrontierPoint, RunSummaryTable, SeedStat, SweepConfig } from '@api/models';
import { accuracyKey, speedupKey } from '@api/summary-keys';
import { dropReference, speedupWinner, type DropReference, type DropReferenceKind } from './drop-reference';
import { formatPercent, formatTimes, NO_FIGURE } from './format';
import { ACCURACY_DROPS, budgetTable, COST_BUDGETS, policyLabel } from './frontier-data';
import { splitColumns } from './hidden-columns';

export interface BudgetColumn {
  /** The engine's column key (`speedup@0.5`, `accuracy@0.25`, `auc`): how `summary.best` names a column. */
  key: string;
  label: string;
  /** A second header line: what a speedup column's drop is measured against. */
  against?: string;
  /** Worked out here from the run's test points while the rest of the table is the engine's summary. */
  recomputed?: boolean;
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
  /** What "drop" is measured against (null: the run has no fixed exits to measure against). */
  reference: DropReference | null;
  /** The references the user can pick, each with its exit and test accuracy. */
  referenceChoices: { kind: DropReferenceKind; label: string }[];
  /** The columns shown, and the cells under them. */
  columns: BudgetColumn[];
  rows: BudgetViewRow[];
  /** Columns left out because every cell in them was "—". */
  hidden: BudgetColumn[];
  caption: string;
  /** What the marks in the header mean, and which columns went. */
  footnotes: string[];
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
const one = (x: number | null): SeedStat | null => (x === null ? null : { mean: x, std: 0, n: 1 });
const against = (ref: DropReference | null) => (ref ? `vs ${ref.exit}${ref.kind === 'best-exit' ? ' (best exit)' : ''}` : undefined);

/** The speedup columns worked out from the test points for a reference, each column's winner by more than 1 %. */
function recomputedSpeedups(points: FrontierPoint[], ref: DropReference | null, policies: readonly FrontierPoint['policy'][]): Map<FrontierPoint['policy'], BudgetCell[]> {
  const table = budgetTable(points, ref?.test ?? null);
  const value = (policy: FrontierPoint['policy'], j: number) => table.find((r) => r.policy === policy)?.speedupAtDrop[j] ?? null;
  const winners = ACCURACY_DROPS.map((_, j) => speedupWinner(policies.map((policy) => ({ policy, value: value(policy, j) }))));
  return new Map(policies.map((policy) => [policy, ACCURACY_DROPS.map((_, j) => ({ text: formatSpeedup(one(value(policy, j)), 1), best: winners[j] === policy }))]));
}

function fromSummary(summary: RunSummaryTable, points: FrontierPoint[], ref: DropReference | null, gateTarget: SweepConfig['gateTarget'] | undefined) {
  const first = summary.policies[0];
  const drops = first?.speedupAtDrop.map((d) => d.drop) ?? [];
  const costs = first?.accuracyAtCost.map((c) => c.cost) ?? [];
  // The engine measured its drops against the backbone's classifier; any other reference is recomputed here.
  const recompute = ref !== null && ref.kind !== 'backbone';
  const columns: BudgetColumn[] = [
    ...(recompute ? ACCURACY_DROPS : drops).map((d) => ({ key: speedupKey(d), label: speedupLabel(d), against: against(ref), ...(recompute ? { recomputed: true } : {}) })),
    ...costs.map((c) => ({ key: accuracyKey(c), label: accuracyLabel(c) })),
    { key: 'auc', label: 'AUC' },
  ];
  const { seeds } = summary;
  const cell = (key: string, policy: FrontierPoint['policy'], text: string, stat: SeedStat | null): BudgetCell => ({
    text,
    best: summary.best[key] === policy,
    ...(seeds > 1 && stat !== null && stat.n < seeds ? { note: `met in ${stat.n} of ${seeds} seeds` } : {}),
  });
  const speedups = recompute ? recomputedSpeedups(points, ref, summary.policies.map((p) => p.policy)) : null;
  const rows = summary.policies.map((p) => ({
    policy: p.policy,
    label: policyLabel(p.policy, gateTarget),
    cells: [
      ...(speedups?.get(p.policy) ?? p.speedupAtDrop.map((d) => cell(speedupKey(d.drop), p.policy, formatSpeedup(d.value, seeds), d.value))),
      ...p.accuracyAtCost.map((c) => cell(accuracyKey(c.cost), p.policy, formatAccuracy(c.value, seeds), c.value)),
      cell('auc', p.policy, formatAccuracy(p.auc, seeds), p.auc),
    ],
  }));
  const over = seeds > 1 ? `; mean ± std over ${seeds} seeds` : '';
  const refText = recompute ? formatPercent(ref.test) : formatAccuracy(summary.reference.accuracy, seeds);
  const name = recompute ? ref.label : `the backbone's own classifier (${summary.reference.name})`;
  return {
    columns,
    rows,
    caption: `Speedup: drop vs ${name}: ${refText} on test. Operating points are chosen on validation${over}. ★ best by more than the spread.`,
    footnotes: recompute
      ? [
          `† Recomputed here from the run's test points (validation-chosen operating points${seeds > 1 ? ', first seed only, no spread' : ''}; ★ by more than 1 %): ` +
            `the engine's summary measures drops against the backbone's own classifier. The other columns are the engine's summary${seeds > 1 ? ` (mean ± std over ${seeds} seeds)` : ''}.`,
        ]
      : [`All columns are the engine's summary${seeds > 1 ? ` (mean ± std over ${seeds} seeds)` : ''}.`],
  };
}

function fromPoints(points: FrontierPoint[], ref: DropReference | null, gateTarget: SweepConfig['gateTarget'] | undefined) {
  const rows = budgetTable(points, ref?.test ?? null);
  const speedups = recomputedSpeedups(points, ref, rows.map((r) => r.policy));
  return {
    columns: [
      ...ACCURACY_DROPS.map((d) => ({ key: speedupKey(d), label: speedupLabel(d), against: against(ref) })),
      ...COST_BUDGETS.map((c) => ({ key: accuracyKey(c), label: accuracyLabel(c) })),
    ],
    rows: rows.map((r) => ({
      policy: r.policy,
      label: policyLabel(r.policy, gateTarget),
      cells: [...(speedups.get(r.policy) ?? []), ...r.accuracyAtCost.map((a) => ({ text: formatAccuracy(one(a), 1), best: false }))],
    })),
    caption: ref
      ? `Speedup: drop vs ${ref.label}: ${formatPercent(ref.test)} on test. Best test point per budget (this run has no validation-chosen summary).`
      : 'Best test point per budget (this run has no validation-chosen summary).',
    footnotes: [`Worked out here from the run's test points; ★ marks a speedup ahead by more than 1 %.`],
  };
}

type BudgetRun = { points: FrontierPoint[]; exits: { name: string }[]; config: Partial<Pick<SweepConfig, 'gateTarget'>>; summary?: RunSummaryTable | null };

/**
 * The budget table of a run: the engine's summary when it wrote one, else the table from the test points; drops
 * against the chosen reference (the engine's own table knows only the backbone's classifier, so another reference
 * recomputes the speedup columns here and says so). Columns with no figure at all are left out, with a footnote.
 */
export function budgetView(run: BudgetRun, referenceKind: DropReferenceKind = 'backbone'): BudgetView {
  const target = run.config.gateTarget;
  const exitNames = run.exits.map((e) => e.name);
  const ref = dropReference(run.points, exitNames, referenceKind);
  const referenceChoices = (['backbone', 'best-exit'] as const).flatMap((kind) => {
    const r = dropReference(run.points, exitNames, kind);
    return r ? [{ kind, label: `${r.label}: ${formatPercent(r.test)} on test` }] : [];
  });
  const table = run.summary ? fromSummary(run.summary, run.points, ref, target) : fromPoints(run.points, ref, target);
  const { shown, hidden } = splitColumns(table.columns, table.rows.map((r) => r.cells.map((c) => c.text)));
  const hiddenNote = hidden.length ? [`Not shown, no policy has a figure there: ${hidden.map((c) => c.label).join(', ')}.`] : [];
  return {
    source: run.summary ? 'summary' : 'points',
    reference: ref,
    referenceChoices,
    columns: shown.map((i) => table.columns[i]),
    rows: table.rows.map((r) => ({ ...r, cells: shown.map((i) => r.cells[i]) })),
    hidden,
    caption: table.caption,
    footnotes: [...table.footnotes, ...hiddenNote],
  };
}
