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

  it('keeps the run opened last when an earlier answer arrives after it', async () => {
    let releaseSlow: () => void = () => undefined;
    const detail = (id: string) => ({ id, name: id, points, exits: [], timings: {}, config: {} }) as unknown as RunDetail;
    const handlers = {
      'runs:get': ({ runId }: { runId: string }) => (runId === 'slow' ? new Promise<RunDetail>((resolve) => (releaseSlow = () => resolve(detail(runId)))) : Promise.resolve(detail(runId))),
    } as Partial<Handlers> as Handlers;
    provideApi(createApi({ invoke: (channel, params) => dispatchRequest(handlers, channel, params), subscribe: () => () => undefined }));
    const store = useFrontierStore();
    const slow = store.open('slow');
    await store.open('fast');
    releaseSlow();
    await slow;
    expect(store.run?.id).toBe('fast');
  });
});
