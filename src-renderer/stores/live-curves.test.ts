import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '@api/events';
import { createApi } from '@api/client';
import { dispatchRequest, type Handlers } from '@api/dispatch';
import { RequestError } from '@api/envelope';
import type { LossRecord, RunSummary } from '@api/models';
import { provideApi } from '../api/instance';
import { useLiveCurvesStore } from './live-curves';

const progress = (runId: string, phase: 'heads' | 'gates', total: number, losses: [string, number, number][]): RunEvent => ({
  type: 'progress',
  runId,
  phase,
  done: 0,
  total,
  etaSeconds: null,
  losses: losses.map(([series, step, loss]) => ({ series, step, loss })),
});
const queued = (runId: string, alphas: number[]): RunEvent => ({ type: 'queued', runId, position: 0, run: { id: runId, alphas } as RunSummary });

let stored: Record<string, LossRecord[]>;
/** Loss logs that arrive only when the test says so, keyed by run. */
let held: Record<string, Promise<void>>;
beforeEach(() => {
  setActivePinia(createPinia());
  stored = {};
  held = {};
  const handlers = {
    'runs:losses': async ({ runId }: { runId: string }) => {
      await held[runId];
      if (!stored[runId]) throw new RequestError('Loss curves of run "x" are damaged.');
      return stored[runId];
    },
  } as Partial<Handlers> as Handlers;
  provideApi(createApi({ invoke: (channel, params) => dispatchRequest(handlers, channel, params), subscribe: () => () => undefined }));
});

describe('live curves store', () => {
  it('shows the streaming run, grouped by phase, gate curves overlaid per α', () => {
    const store = useLiveCurvesStore();
    store.ingest([queued('r1', [1, 0]), progress('r1', 'heads', 10, [['head:stage1', 5, 2.1], ['head:stage2', 5, 2.0]])]);
    store.ingest([progress('r1', 'gates', 200, [['gate:α=1', 50, 0.4]]), progress('r1', 'gates', 200, [['gate:α=0', 150, 0.7]])]);
    const snap = store.snapshot!;
    expect(snap.runId).toBe('r1');
    expect(snap.groups.map((g) => g.group)).toEqual(['heads', 'gates']);
    expect(snap.groups[1].series).toEqual([
      { name: 'gate:α=0', points: [{ step: 50, loss: 0.7 }] },
      { name: 'gate:α=1', points: [{ step: 50, loss: 0.4 }] },
    ]);
  });

  it("draws the gate loss's two terms as charts of their own, α overlaid and coloured by the run's α list", () => {
    const store = useLiveCurvesStore();
    store.ingest([queued('r1', [1, 0.5, 0])]);
    store.ingest([
      progress('r1', 'gates', 300, [
        ['gate:α=0.5', 110, 0.5],
        ['gate-ce:α=0.5', 110, 0.9],
        ['gate-cost:α=0.5', 110, 0.2],
        ['gate-ce:α=0', 210, 1.1],
      ]),
    ]);
    const snap = store.snapshot!;
    expect(snap.alphas).toEqual([0, 0.5, 1]);
    expect(snap.groups.map((g) => [g.group, g.series.map((s) => [s.name, s.points[0].step])])).toEqual([
      ['gate-ce', [['gate-ce:α=0', 10], ['gate-ce:α=0.5', 10]]],
      ['gate-cost', [['gate-cost:α=0.5', 10]]],
      ['gates', [['gate:α=0.5', 10]]],
    ]);
  });

  it('isolates a curve from the legend and shows every curve again for another run', async () => {
    const store = useLiveCurvesStore();
    store.ingest([progress('r1', 'heads', 10, [['final', 1, 1]])]);
    store.pickLegend(['α=0', 'α=1'], 'α=1', false);
    expect(store.hidden).toEqual(['α=0']);
    store.pickLegend(['α=0', 'α=1'], 'α=1', true);
    expect(store.hidden).toEqual(['α=0', 'α=1']);
    store.ingest([progress('r2', 'heads', 10, [['final', 1, 1]])]);
    await Promise.resolve();
    expect(store.hidden).toEqual([]);
  });

  it('hands over unchanged groups and series as the same objects, so only charts whose curves grew redraw', () => {
    const store = useLiveCurvesStore();
    store.ingest([queued('r1', [0, 1]), progress('r1', 'heads', 10, [['head:stage1', 5, 2.1], ['final', 5, 2]])]);
    store.ingest([progress('r1', 'gates', 200, [['gate:α=0', 10, 0.9], ['gate:α=1', 110, 0.8]])]);
    const before = store.snapshot!;
    store.ingest([progress('r1', 'gates', 200, [['gate:α=1', 120, 0.7]])]);
    const after = store.snapshot!;
    expect(after).not.toBe(before);
    const group = (s: typeof after, name: string) => s.groups.find((g) => g.group === name)!;
    expect(group(after, 'heads')).toBe(group(before, 'heads'));
    expect(group(after, 'final')).toBe(group(before, 'final'));
    expect(group(after, 'gates')).not.toBe(group(before, 'gates'));
    expect(group(after, 'gates').series[0]).toBe(group(before, 'gates').series[0]);
    expect(group(after, 'gates').series[1].points).toEqual([{ step: 10, loss: 0.8 }, { step: 20, loss: 0.7 }]);
    // The earlier snapshot is a copy: it did not grow with the curve.
    expect(group(before, 'gates').series[1].points).toHaveLength(1);
  });

  it('pause freezes the snapshot, counts what is held back, and resume catches up', () => {
    const store = useLiveCurvesStore();
    store.ingest([progress('r1', 'heads', 10, [['final', 1, 1]])]);
    const frozen = store.snapshot;
    store.setPaused(true);
    store.ingest([progress('r1', 'heads', 10, [['final', 2, 0.5]])]);
    expect(store.snapshot).toBe(frozen);
    expect(store.heldBack).toBe(1);
    store.setPaused(false);
    expect(store.snapshot!.groups[0].series[0].points).toHaveLength(2);
    expect(store.heldBack).toBe(0);
  });

  it('follows whichever run streams', () => {
    const store = useLiveCurvesStore();
    store.ingest([progress('r1', 'heads', 10, [['final', 1, 1]])]);
    store.ingest([progress('r2', 'heads', 10, [['final', 1, 1]])]);
    expect(store.shownRun).toBe('r2');
  });

  it('draws a stored run from its loss log, overlaying α; a streaming run still takes over', async () => {
    const store = useLiveCurvesStore();
    stored.old = [
      { phase: 'heads', total: 4, losses: [{ series: 'head:stage1', step: 2, loss: 1.5 }] },
      { phase: 'gates', total: 100, losses: [{ series: 'gate:α=1', step: 60, loss: 0.3 }] },
    ];
    await store.openStored('old', [0, 1]);
    expect(store.shownRun).toBe('old');
    expect(store.snapshot!.groups.map((g) => [g.group, g.series[0].points])).toEqual([
      ['heads', [{ step: 2, loss: 1.5 }]],
      ['gates', [{ step: 10, loss: 0.3 }]],
    ]);
    store.ingest([progress('new', 'heads', 10, [['final', 1, 1]])]);
    expect(store.shownRun).toBe('new');
    await store.openStored('broken', [0]);
    expect(store.error).toMatch(/damaged/);
    expect(store.shownRun).toBe('new');
    store.forget('new');
    expect([store.shownRun, store.snapshot]).toEqual([null, null]);
  });

  it('a slow loss log for a run opened before never replaces the run opened since, nor a run that streams', async () => {
    const store = useLiveCurvesStore();
    let arrive = (): void => undefined;
    held.slow = new Promise((resolve) => (arrive = resolve));
    stored.slow = [{ phase: 'heads', total: 4, losses: [{ series: 'head:stage1', step: 2, loss: 1.5 }] }];
    stored.quick = [];
    const first = store.openStored('slow', [0]);
    await store.openStored('quick', [0]);
    expect(store.shownRun).toBe('quick');
    arrive();
    await first;
    expect(store.shownRun).toBe('quick');

    // Opened while another streams: the streaming run's first losses win over the log that comes after them.
    held.late = new Promise((resolve) => (arrive = resolve));
    stored.late = [];
    const late = store.openStored('late', [0]);
    store.ingest([progress('live', 'heads', 10, [['final', 1, 1]])]);
    arrive();
    await late;
    expect(store.shownRun).toBe('live');
  });
});
