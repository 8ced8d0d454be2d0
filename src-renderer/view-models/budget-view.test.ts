import { describe, expect, it } from 'vitest';
import type { FrontierPoint } from '@api/models';
import { budgetView, formatAccuracy, formatSpeedup } from './budget-view';
import type { RunSummaryTable } from '@api/models';
import type { SeedStat } from '@api/models';

const stat = (mean: number, std = 0, n = 1): SeedStat => ({ mean, std, n });

/** Two policies over three seeds; the learned gates win the 0.5-point speedup and the AUC, no one the rest. */
const summary = (seeds: number): RunSummaryTable => ({
  reference: { name: 'final', accuracy: stat(0.9876, seeds > 1 ? 0.0012 : 0, seeds) },
  seeds,
  policies: [
    {
      policy: 'leenet',
      speedupAtDrop: [
        { drop: 0.005, value: stat(2.314, 0.05, seeds) },
        { drop: 0.01, value: stat(2.6, 0.1, seeds) },
      ],
      accuracyAtCost: [
        { cost: 0.25, value: null },
        { cost: 0.5, value: stat(0.981, 0.002, seeds) },
        { cost: 0.75, value: stat(0.987, 0.001, seeds) },
      ],
      auc: stat(0.95, 0.003, seeds),
    },
    {
      policy: 'max-softmax',
      speedupAtDrop: [
        { drop: 0.005, value: stat(1.8, 0.04, seeds) },
        { drop: 0.01, value: stat(2.55, 0.2, Math.max(1, seeds - 1)) },
      ],
      accuracyAtCost: [
        { cost: 0.25, value: null },
        { cost: 0.5, value: stat(0.98, 0.004, seeds) },
        { cost: 0.75, value: stat(0.986, 0.002, seeds) },
      ],
      auc: stat(0.93, 0.004, seeds),
    },
  ],
  best: { 'speedup@0.5': 'leenet', 'speedup@1': null, 'accuracy@0.25': null, 'accuracy@0.5': null, 'accuracy@0.75': null, auc: 'leenet' },
});

const run = (s: RunSummaryTable | null | undefined, points: FrontierPoint[] = []) => ({
  points,
  exits: [{ name: 'stage1' }, { name: 'final' }],
  config: { gateTarget: 'correct' as const },
  summary: s,
});

describe('budget table view', () => {
  it('one row per policy with the columns that have a figure, the winners marked from summary.best', () => {
    const view = budgetView(run(summary(1)));
    expect(view.source).toBe('summary');
    expect(view.columns.map((c) => c.key)).toEqual(['speedup@0.5', 'speedup@1', 'accuracy@0.5', 'accuracy@0.75', 'auc']);
    expect(view.columns.map((c) => c.label)).toEqual(['speedup ≤ 0.5 pt drop', 'speedup ≤ 1 pt drop', 'acc. ≤ 50% cost', 'acc. ≤ 75% cost', 'AUC']);
    expect(view.rows.map((r) => r.label)).toEqual(['learned gates (P(correct))', 'max-softmax']);
    // No policy meets 25 % of the cost: that column goes, and a footnote says so.
    expect(view.rows[0].cells.map((c) => c.text)).toEqual(['2.31×', '2.60×', '98.10%', '98.70%', '95.00%']);
    expect(view.hidden.map((c) => c.key)).toEqual(['accuracy@0.25']);
    expect(view.footnotes).toEqual(["All columns are the engine's summary.", 'Not shown, no policy has a figure there: acc. ≤ 25% cost.']);
    const best = view.rows.flatMap((r) => r.cells.flatMap((c, i) => (c.best ? [`${r.policy} ${view.columns[i].key}`] : [])));
    expect(best).toEqual(['leenet speedup@0.5', 'leenet auc']);
  });

  it('states the reference and that operating points are chosen on validation', () => {
    expect(budgetView(run(summary(1))).caption).toBe(
      "Speedup: drop vs the backbone's own classifier (final): 98.76% on test. Operating points are chosen on validation. ★ best by more than the spread.",
    );
  });

  it('with several seeds every figure is mean ± std, and a budget some seeds missed says so', () => {
    const view = budgetView(run(summary(3)));
    expect(view.rows[0].cells.map((c) => c.text)).toEqual(['2.31 ± 0.05×', '2.60 ± 0.10×', '98.10 ± 0.20%', '98.70 ± 0.10%', '95.00 ± 0.30%']);
    expect(view.rows[1].cells[1]).toMatchObject({ text: '2.55 ± 0.20×', note: 'met in 2 of 3 seeds' });
    expect(view.rows[0].cells[1].note).toBeUndefined();
    expect(view.caption).toContain('(final): 98.76 ± 0.12% on test');
    expect(view.caption).toContain('mean ± std over 3 seeds');
  });

  it('formats a missing figure as a dash', () => {
    expect([formatAccuracy(null, 3), formatSpeedup(null, 1)]).toEqual(['—', '—']);
  });

  it('falls back to the table from the test points for runs without a summary, nothing marked', () => {
    const p = (policy: FrontierPoint['policy'], param: number, accuracy: number, cost: number): FrontierPoint => ({
      policy,
      param,
      split: 'test',
      accuracy,
      cost,
      speedup: 1 / cost,
      exitFractions: [],
      exitAccuracy: [],
    });
    for (const s of [undefined, null]) {
      const view = budgetView(run(s, [p('fixed', 0, 0.9, 0.4), p('fixed', 1, 0.99, 1), p('leenet', 0.5, 0.986, 0.5)]));
      expect(view.source).toBe('points');
      expect(view.columns.map((c) => c.key)).toEqual(['speedup@0.5', 'speedup@1', 'accuracy@0.5', 'accuracy@0.75', 'accuracy@1']);
      const leenet = view.rows.find((r) => r.policy === 'leenet')!;
      expect(leenet.label).toBe('learned gates (P(correct))');
      expect(leenet.cells.map((c) => c.text)).toEqual(['2.00×', '2.00×', '98.60%', '98.60%', '98.60%']);
      // The learned gates' 2× beats the fixed exit's 1× by more than 1 %; accuracies are not marked.
      expect(view.rows.flatMap((r) => r.cells.flatMap((c, i) => (c.best ? [`${r.policy} ${view.columns[i].key}`] : [])))).toEqual(['leenet speedup@0.5', 'leenet speedup@1']);
      expect(view.caption).toMatch(/^Speedup: drop vs the backbone's own classifier \(final\): 99\.00% on test\. Best test point per budget/);
    }
  });
});

describe('the drop reference', () => {
  // A briefly trained backbone: its classifier (`final`, 21 %) is far below the exit before it (`stage1`, 69 %).
  const p = (policy: FrontierPoint['policy'], param: number, accuracy: number, cost: number, envelope?: boolean): FrontierPoint => ({
    policy,
    param,
    split: 'test',
    accuracy,
    cost,
    speedup: 1 / cost,
    exitFractions: [],
    exitAccuracy: [],
    ...(envelope === undefined ? {} : { envelope }),
  });
  const points = [p('fixed', 0, 0.69, 0.5), p('fixed', 1, 0.21, 1), p('leenet', 0.5, 0.685, 0.4, true), p('max-softmax', 0.9, 0.6, 0.1, true)];

  it('measures drops against the backbone’s classifier by default, the engine’s summary unchanged', () => {
    const view = budgetView(run(summary(1), points));
    expect(view.reference?.kind).toBe('backbone');
    expect(view.columns[0]).toMatchObject({ label: 'speedup ≤ 0.5 pt drop', against: 'vs final' });
    expect(view.columns.some((c) => c.recomputed)).toBe(false);
    expect(view.referenceChoices).toEqual([
      { kind: 'backbone', label: "the backbone's own classifier (final): 21.00% on test" },
      { kind: 'best-exit', label: 'the best exit (stage1): 69.00% on test' },
    ]);
  });

  it('against the best exit, recomputes the speedup columns from the test points and says so', () => {
    const view = budgetView({ ...run(summary(3), points), exits: [{ name: 'stage1' }, { name: 'final' }] }, 'best-exit');
    expect(view.reference).toMatchObject({ kind: 'best-exit', exit: 'stage1', test: 0.69 });
    expect(view.columns.slice(0, 2).map((c) => [c.key, c.against, c.recomputed])).toEqual([
      ['speedup@0.5', 'vs stage1 (best exit)', true],
      ['speedup@1', 'vs stage1 (best exit)', true],
    ]);
    // Within half a point of 69 %: only the learned gates (68.5 % at 0.4, 2.5×); max-softmax's 60 % is not.
    const cells = (policy: string) => view.rows.find((r) => r.policy === policy)!.cells.slice(0, 2).map((c) => [c.text, c.best]);
    expect(cells('leenet')).toEqual([
      ['2.50×', true],
      ['2.50×', true],
    ]);
    expect(cells('max-softmax')).toEqual([
      ['—', false],
      ['—', false],
    ]);
    expect(view.caption).toMatch(/^Speedup: drop vs the best exit \(stage1\): 69\.00% on test\. Operating points are chosen on validation; mean ± std over 3 seeds\./);
    expect(view.footnotes[0]).toMatch(/^† Recomputed here from the run's test points \(validation-chosen operating points, first seed only, no spread/);
    expect(view.footnotes[0]).toContain('The other columns are the engine\'s summary (mean ± std over 3 seeds).');
  });

  it('switches the fallback table of an older run too', () => {
    const older = budgetView(run(null, points), 'best-exit');
    expect(older.columns[0].against).toBe('vs stage1 (best exit)');
    expect(older.caption).toMatch(/^Speedup: drop vs the best exit \(stage1\): 69\.00% on test/);
  });
});
