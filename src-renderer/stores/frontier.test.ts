import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '@api/client';
import { dispatchRequest, type Handlers } from '@api/dispatch';
import type { RunDetail } from '@api/models';
import { provideApi } from '../api/instance';
import { useFrontierStore } from './frontier';
import { useRunsStore } from './runs';
import { enveloped, points } from '../view-models/frontier-points.fixture';

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
    const operating = () => store.series.find((s) => s.policy === 'leenet' && s.role === 'frontier')!;
    expect(operating().points).toHaveLength(2);
    store.setAxis('speedup');
    expect(operating().points[0].x).toBeCloseTo(1.25);
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
    // Two α points; one swept point neither chosen on validation nor an α's own.
    expect([store.alphaPoints, store.thresholdPoints]).toEqual([2, 1]);
    expect(store.budget?.source).toBe('summary');
    expect(store.exits?.rows.map((r) => r.ece)).toEqual(['3.00% → 1.00%']);
    expect(store.series.some((s) => s.role === 'thresholds')).toBe(false);
    store.setShowThresholds(true);
    expect(store.series.find((s) => s.role === 'thresholds')?.points).toHaveLength(1);
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
    // The other run's learned envelope as a staircase: two corners, a step between them, the run on to the edge.
    expect(store.overlaySeries.map((o) => [o.run.id, o.series.role, o.series.points.length])).toEqual([['r2', 'envelope', 4]]);
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

  it('draws an overlaid run in its own colour from the runs list', async () => {
    const store = useFrontierStore();
    useRunsStore().runs = [
      { id: 'r2', createdAt: '2026-02-01' },
      { id: 'r1', createdAt: '2026-01-01' },
    ] as RunDetail[];
    await store.open('r1');
    await store.toggleOverlay('r2');
    expect(store.overlaySeries[0].colour).toBe(useRunsStore().colours.r2);
    expect(useRunsStore().colours.r2).not.toBe(useRunsStore().colours.r1);
  });

  it('measures drops against the chosen reference, fades beaten points, and lays the best-policy strip', async () => {
    const store = useFrontierStore();
    await store.open('r1');
    // `points`: fixed exits 90 % @ 0.4 and 99 % @ 1.01 (the backbone's classifier, also the best exit).
    expect(store.dropReference).toMatchObject({ kind: 'backbone', test: 0.99 });
    expect(store.budget?.reference?.kind).toBe('backbone');
    store.setDropReference('best-exit');
    expect(store.budget?.reference?.kind).toBe('best-exit');
    expect(store.budget?.columns[0].against).toBe('vs final (best exit)');
    // α=0.5's 98.3 % at 0.45 beats max-softmax's 98 % at 0.5; α=0's 99.2 % at 0.8 beats the classifier's 99 % at 1.01.
    const beaten = [...store.dominance.entries()].map(([p, by]) => [p.policy, p.cost, by.policy, by.cost]);
    expect(beaten).toEqual([
      ['max-softmax', 0.5, 'leenet', 0.45],
      ['fixed', 1.01, 'leenet', 0.8],
    ]);
    expect(store.strip.map((s) => [s.policy, s.from.cost, s.to.cost])).toEqual([
      ['fixed', 0.4, 0.45],
      ['leenet', 0.45, 0.5],
      ['leenet', 0.5, 0.8],
      ['leenet', 0.8, 1.01],
    ]);
    // An older run without split sizes has no test size, so no band and no noise marks.
    expect(store.testSize).toBeNull();
  });

  it('only the latest open lands: a slow answer for an earlier run does not replace the run opened since', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const detail = (id: string) => ({ id, name: id, points, exits: [], timings: {}, config: {} }) as unknown as RunDetail;
    const handlers = {
      'runs:get': async ({ runId }: { runId: string }) => {
        if (runId === 'newest') await slow;
        return detail(runId);
      },
    } as Partial<Handlers> as Handlers;
    provideApi(createApi({ invoke: (channel, params) => dispatchRequest(handlers, channel, params), subscribe: () => () => undefined }));
    const store = useFrontierStore();
    const first = store.open('newest');
    await store.open('chosen');
    release();
    await first;
    expect(store.run?.id).toBe('chosen');
  });
});
