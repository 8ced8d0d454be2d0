import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '@api/client';
import { dispatchRequest, type Handlers } from '@api/dispatch';
import type { FrontierPoint, RunDetail } from '@api/models';
import { provideApi } from '../api/instance';
import { useFrontierStore } from './frontier';
import { budgetTable, describePoint, frontierSeries, learnedLabel, tooltipLine } from './frontier-data';

const pt = (policy: FrontierPoint['policy'], param: number | null, accuracy: number, cost: number, split: 'val' | 'test' = 'test'): FrontierPoint => ({
  policy,
  param,
  split,
  accuracy,
  cost,
  speedup: 1 / cost,
  exitFractions: [1, 0],
  exitAccuracy: [accuracy, null],
});

const points = [
  pt('fixed', 0, 0.9, 0.4),
  pt('fixed', 1, 0.99, 1.01),
  pt('leenet', 0, 0.992, 0.8),
  pt('leenet', 0.5, 0.983, 0.45),
  pt('leenet', 0.5, 0.5, 0.1, 'val'),
  pt('max-softmax', 0.9, 0.98, 0.5),
  pt('oracle', null, 0.999, 0.42),
];

describe('frontier data', () => {
  it('groups test points by policy, sorted along the chosen axis, accuracy in percent', () => {
    const s = frontierSeries(points, 'cost');
    expect(s.map((x) => x.policy)).toEqual(['leenet', 'max-softmax', 'fixed', 'oracle']);
    expect(s[0].points.map((p) => p.x)).toEqual([0.45, 0.8]);
    expect(s[0].points[0].y).toBeCloseTo(98.3);
    expect(frontierSeries(points, 'speedup')[0].points.map((p) => p.point.param)).toEqual([0, 0.5]);
    expect(s.find((x) => x.policy === 'fixed')?.line).toBe(false);
  });

  it('tabulates accuracy under cost budgets and speedup under accuracy budgets', () => {
    const leenet = budgetTable(points).find((r) => r.policy === 'leenet')!;
    expect(leenet.accuracyAtCost).toEqual([null, 0.983, 0.983, 0.992]);
    // Reference 0.99 (last fixed exit): within 0.5 point only α=0 (1.25×); within 1 point α=0.5 too (2.22×).
    expect(leenet.speedupAtDrop[0]).toBeCloseTo(1.25);
    expect(leenet.speedupAtDrop[1]).toBeCloseTo(1 / 0.45);
    expect(budgetTable(points).some((r) => r.policy === 'oracle')).toBe(false);
  });
});

// A run with an envelope: α 0 and 0.5 (their own points), two threshold-sweep points, the envelope chosen on validation.
const learned = (param: number, accuracy: number, cost: number, extra: Partial<FrontierPoint>): FrontierPoint => ({ ...pt('leenet', param, accuracy, cost), ...extra });
const enveloped = [
  pt('fixed', 0, 0.9, 0.4),
  pt('fixed', 1, 0.99, 1.01),
  learned(0, 0.992, 0.8, { threshold: 0.5, envelope: false }),
  learned(0.5, 0.983, 0.45, { threshold: 0.5, envelope: true }),
  learned(0.5, 0.95, 0.3, { threshold: 0.31, curve: true, envelope: true }),
  learned(0.5, 0.99, 0.7, { threshold: 0.72, curve: true, envelope: true }),
  learned(0.5, 0.97, 0.6, { threshold: 0.6, curve: true, envelope: false }),
  { ...pt('leenet', 0.5, 0.9, 0.3, 'val'), envelope: true },
  pt('max-softmax', 0.9, 0.98, 0.5),
];

describe('the learned envelope', () => {
  it('joins the envelope’s test points, keeps the α points apart and labelled, and names the gate target', () => {
    const s = frontierSeries(enveloped, 'cost', { gateTarget: 'correct' });
    expect(s.map((x) => [x.policy, x.role])).toEqual([
      ['leenet', 'frontier'],
      ['leenet', 'alphas'],
      ['max-softmax', 'frontier'],
      ['fixed', 'frontier'],
    ]);
    const [envelope, alphas] = s;
    expect(envelope).toMatchObject({ label: 'learned gates (P(correct))', line: true, alphaLabels: false });
    expect(envelope.points.map((p) => p.x)).toEqual([0.3, 0.45, 0.7]);
    expect(alphas).toMatchObject({ line: false, alphaLabels: true });
    expect(alphas.points.map((p) => p.point.param)).toEqual([0.5, 0]);
  });

  it('draws every threshold point only when asked, never joined', () => {
    expect(frontierSeries(enveloped, 'cost').some((x) => x.role === 'thresholds')).toBe(false);
    const thresholds = frontierSeries(enveloped, 'cost', { thresholds: true }).find((x) => x.role === 'thresholds')!;
    expect(thresholds.line).toBe(false);
    expect(thresholds.points.map((p) => p.point.threshold)).toEqual([0.31, 0.6, 0.72]);
  });

  it('an older run without envelope flags draws its α points joined, as before, named by the LEENet loss', () => {
    const s = frontierSeries(points, 'cost', { gateTarget: undefined });
    expect(s[0]).toMatchObject({ role: 'frontier', label: 'learned gates (LEENet loss)', line: true, alphaLabels: true });
    expect(learnedLabel('leenet')).toBe('learned gates (LEENet loss)');
    expect(learnedLabel('safe')).toBe('learned gates (P(safe))');
  });

  it('a stopped run with threshold points but no envelope yet joins only its α points', () => {
    const partial = enveloped.map(({ envelope: _envelope, ...p }) => p);
    const s = frontierSeries(partial, 'cost');
    expect(s[0].points.map((p) => p.point.param)).toEqual([0.5, 0]);
    expect(s.filter((x) => x.policy === 'leenet')).toHaveLength(1);
  });

  it('tooltips name α and threshold for learned points, and the exit and its head accuracy for fixed ones', () => {
    const names = ['stage1', 'final'];
    expect(describePoint(enveloped[4], names)).toBe('α=0.5, threshold 0.310');
    expect(tooltipLine('learned gates (P(correct))', enveloped[3], names)).toBe('learned gates (P(correct)) α=0.5, threshold 0.500: 98.30% at 45.0% cost (2.22×)');
    expect(tooltipLine('fixed exits', enveloped[0], names)).toBe('stage1: head accuracy 90.00% at 40.0% cost (2.50×)');
    expect(describePoint(pt('leenet', 1, 0.9, 0.2), names)).toBe('α=1');
  });

  it('the fallback budget table judges a policy with an envelope on it, not on every threshold point', () => {
    const leenet = budgetTable(enveloped).find((r) => r.policy === 'leenet')!;
    // Envelope: 0.95 @ 0.3, 0.983 @ 0.45, 0.99 @ 0.7 (α=0 at 0.992 is off it).
    expect(leenet.accuracyAtCost).toEqual([null, 0.983, 0.99, 0.99]);
  });
});

describe('frontier store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    const detail = (id: string) => ({ id, name: id, points, exits: [], timings: {}, config: {} }) as unknown as RunDetail;
    const handlers = { 'runs:get': async ({ runId }: { runId: string }) => detail(runId) } as Partial<Handlers> as Handlers;
    provideApi(createApi({ invoke: (channel, params) => dispatchRequest(handlers, channel, params), subscribe: () => () => undefined }));
  });

  it('opens a run, selects its first α, and switches axis', async () => {
    const store = useFrontierStore();
    await store.open('r1');
    expect(store.selected?.param).toBe(0);
    expect(store.series[0].points).toHaveLength(2);
    store.setAxis('speedup');
    expect(store.series[0].points[0].x).toBeCloseTo(1.25);
  });

  it('shows the run’s summary and exit reports, selects an α’s own point, and toggles threshold points', async () => {
    const summary: RunDetail['summary'] = {
      reference: { name: 'final', accuracy: { mean: 0.99, std: 0, n: 1 } },
      seeds: 1,
      policies: [{ policy: 'leenet', speedupAtDrop: [{ drop: 0.005, value: { mean: 2, std: 0, n: 1 } }], accuracyAtCost: [], auc: { mean: 0.9, std: 0, n: 1 } }],
      best: { 'speedup@0.5': 'leenet', auc: 'leenet' },
    };
    const exitReports = [{ name: 'final', cost: 1, accuracy: 0.99, temperature: 1.2, ece: { before: 0.03, after: 0.01 } }];
    const rich = { id: 'rich', name: 'rich', points: [enveloped[4], ...enveloped], exits: [], timings: {}, config: { gateTarget: 'correct', cost: 'flops' }, summary, exitReports } as unknown as RunDetail;
    const handlers = { 'runs:get': async () => rich } as Partial<Handlers> as Handlers;
    provideApi(createApi({ invoke: (channel, params) => dispatchRequest(handlers, channel, params), subscribe: () => () => undefined }));
    const store = useFrontierStore();
    await store.open('rich');
    // The first learned point is a threshold-sweep point: the selection skips it for α=0's own point.
    expect(store.selected).toEqual(enveloped[2]);
    expect([store.alphaPoints, store.thresholdPoints]).toEqual([2, 4]);
    expect(store.budget?.source).toBe('summary');
    expect(store.exits?.rows.map((r) => r.ece)).toEqual(['3.00% → 1.00%']);
    expect(store.series.some((s) => s.role === 'thresholds')).toBe(false);
    store.setShowThresholds(true);
    expect(store.series.find((s) => s.role === 'thresholds')?.points).toHaveLength(4);
  });

  it('an older run has the fallback budget table and no exit table', async () => {
    const store = useFrontierStore();
    await store.open('r1');
    expect(store.budget?.source).toBe('points');
    expect(store.exits).toBeNull();
  });

  it('overlays other runs’ learned-gate frontiers, never the open run’s own, and forgets deleted runs', async () => {
    const store = useFrontierStore();
    await store.open('r1');
    await store.toggleOverlay('r2');
    await store.toggleOverlay('r1');
    expect(store.overlaySeries.map((o) => [o.run.id, o.series.points.length])).toEqual([['r2', 2]]);
    store.rename('r2', 'wider gates');
    expect(store.overlaySeries[0].run.name).toBe('wider gates');
    store.forget('r2');
    expect(store.overlaySeries).toEqual([]);
    await store.toggleOverlay('r3');
    await store.toggleOverlay('r3');
    expect(Object.keys(store.overlays)).toEqual(['r1']);
    store.forget('r1');
    expect(store.run).toBeNull();
  });
});
