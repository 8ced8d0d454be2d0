import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src-main/api/client';
import { dispatchRequest, type Handlers } from '../../src-main/api/dispatch';
import type { FrontierPoint, RunDetail } from '../../src-main/api/models';
import { provideApi } from '../api/instance';
import { useFrontierStore } from './frontier';
import { budgetTable, frontierSeries } from './frontier-data';

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

describe('frontier store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    const detail = (id: string) => ({ id, name: id, points, exits: [], timings: {} }) as unknown as RunDetail;
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
