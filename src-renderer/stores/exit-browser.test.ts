import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '@api/client';
import { dispatchRequest, type Handlers } from '@api/dispatch';
import type { ExitStats, RunDetail, SampleRow } from '@api/models';
import type { RequestParams } from '@api/requests';
import { provideApi } from '../api/instance';
import { useExitBrowserStore } from './exit-browser';

// 60 test samples, 2 exits: even samples leave early, every 5th is wrong, labels cycle 0..2.
const table: SampleRow[] = Array.from({ length: 60 }, (_, i) => ({
  index: 100 + i,
  label: i % 3,
  exitTaken: i % 2,
  prediction: i % 5 === 0 ? (i + 1) % 3 : i % 3,
  confidence: 0.5 + i / 200,
  correct: i % 5 !== 0,
  gate: i % 2 === 0 ? 0.8 : null,
  perExit: [{ prediction: i % 3, confidence: 0.9, gate: i % 2 === 0 ? 0.8 : 0.3 }, { prediction: i % 3, confidence: 0.95, gate: null }],
}));
const run = (id: string): RunDetail => ({ id, name: id, alphasDone: [0, 0.5], classNames: ['zero', 'one', 'two'], exits: [], points: [] }) as unknown as RunDetail;
const statsOf = (alphaIndex: number): ExitStats => ({ cells: [[{ n: alphaIndex, correct: 0 }]], confusions: [[]], softmaxThreshold: 0.5 });

type SampleParams = Required<RequestParams<'runs:samples'>>;
let delays: number[];
let failing: boolean;
let statsFailing: boolean;
let imageCalls: number[][];
let sent: SampleParams[];
let statsSent: RequestParams<'runs:exit-stats'>[];
beforeEach(() => {
  setActivePinia(createPinia());
  delays = [];
  failing = false;
  statsFailing = false;
  imageCalls = [];
  sent = [];
  statsSent = [];
  const handlers = {
    'runs:samples': async (q: SampleParams) => {
      sent.push(q);
      const wait = delays.shift() ?? 0;
      if (wait) await new Promise((r) => setTimeout(r, wait));
      if (failing) throw new Error('samples.json unreadable');
      const matches = table.filter(
        (r) =>
          (q.exit === undefined || r.exitTaken === q.exit) &&
          (q.correct === undefined || r.correct === q.correct) &&
          (q.label === undefined || r.label === q.label) &&
          (q.predicted === undefined || r.prediction === q.predicted),
      );
      if (q.sort === 'confidently-wrong') matches.sort((a, b) => Number(a.correct) - Number(b.correct) || b.confidence - a.confidence);
      return { total: matches.length, offset: q.offset, rows: matches.slice(q.offset, q.offset + q.limit) };
    },
    'runs:exit-stats': async (q: RequestParams<'runs:exit-stats'>) => {
      statsSent.push(q);
      if (statsFailing) throw new Error('no records for this α');
      return statsOf(q.alphaIndex);
    },
    'runs:examples': async ({ indices }: { indices: number[] }) => {
      imageCalls.push(indices);
      return indices.map((index) => ({ index, label: 0, className: 'zero', dataUrl: `data:image/png;base64,${index}` }));
    },
  } as Partial<Handlers> as Handlers;
  provideApi(createApi({ invoke: (channel, params) => dispatchRequest(handlers, channel, params), subscribe: () => () => undefined }));
});

/** The filters and sort of the last samples request, without what every request carries. */
const lastQuery = () => {
  const { runId: _r, alphaIndex: _a, offset: _o, limit: _l, ...rest } = sent[sent.length - 1];
  return rest;
};

describe('exit browser store', () => {
  it('loads the first page of every exit, its thumbnails once each, and the α’s exit stats', async () => {
    const store = useExitBrowserStore();
    store.pageSize = 10;
    await store.open(run('r1'), 0);
    expect([store.total, store.rows.length, store.pages]).toEqual([60, 10, 6]);
    expect(lastQuery()).toEqual({ sort: 'index' });
    expect(store.images[100]).toBe('data:image/png;base64,100');
    await store.setPage(1);
    await store.setPage(0);
    expect(imageCalls).toHaveLength(2);
    expect(store.className(2)).toBe('two');
    expect(statsSent).toEqual([{ runId: 'r1', alphaIndex: 0 }]);
    expect(store.stats).toEqual(statsOf(0));
  });

  it('sends each filter and sort as its query parameter, back to page 0', async () => {
    const store = useExitBrowserStore();
    store.pageSize = 10;
    await store.open(run('r1'), 0);
    await store.setPage(2);
    expect(sent[sent.length - 1].offset).toBe(20);
    await store.refine({ exit: 1 });
    expect([lastQuery(), store.page, sent[sent.length - 1].offset]).toEqual([{ exit: 1, sort: 'index' }, 0, 0]);
    expect(store.rows.every((r) => r.exitTaken === 1)).toBe(true);
    await store.refine({ label: 2 });
    expect(lastQuery()).toEqual({ exit: 1, label: 2, sort: 'index' });
    await store.refine({ predicted: 0, correct: 'incorrect' });
    expect(lastQuery()).toEqual({ exit: 1, label: 2, predicted: 0, correct: false, sort: 'index' });
    await store.refine({ correct: 'correct', versus: 'learned-right', sort: 'gate-low' });
    expect(lastQuery()).toEqual({ exit: 1, label: 2, predicted: 0, correct: true, versus: 'learned-right', sort: 'gate-low' });
    await store.refine({ versus: 'learned-wrong', sort: 'confidently-wrong' });
    expect(lastQuery()).toMatchObject({ versus: 'learned-wrong', sort: 'confidently-wrong' });
    await store.clearFilters();
    expect(lastQuery()).toEqual({ sort: 'confidently-wrong' });
    expect(store.rows[0].correct).toBe(false);
  });

  it('a heatmap cell shows its exit and class, a confusion pair its exit, class and prediction', async () => {
    const store = useExitBrowserStore();
    await store.open(run('r1'), 0);
    await store.refine({ predicted: 1, correct: 'correct' });
    await store.showCell(0, 2);
    // The cell's class replaces the predicted filter; the correct filter stays the user's.
    expect(lastQuery()).toEqual({ exit: 0, label: 2, correct: true, sort: 'index' });
    expect(store.rows.every((r) => r.exitTaken === 0 && r.label === 2 && r.correct)).toBe(true);
    await store.showConfusion(0, 0, 1);
    expect(lastQuery()).toEqual({ exit: 0, label: 0, predicted: 1, sort: 'index' });
    expect(store.rows.length).toBeGreaterThan(0);
    expect(store.rows.every((r) => r.exitTaken === 0 && r.label === 0 && r.prediction === 1)).toBe(true);
  });

  it('keeps filters across α of one run, resets them (not the sort) for another run', async () => {
    const store = useExitBrowserStore();
    await store.open(run('r1'), 0);
    await store.refine({ correct: 'incorrect', exit: 1, sort: 'gate-high' });
    await store.setAlpha(1);
    expect([store.filters.correct, store.filters.exit, store.alphaIndex]).toEqual(['incorrect', 1, 1]);
    expect(sent[sent.length - 1].alphaIndex).toBe(1);
    expect(statsSent[statsSent.length - 1]).toEqual({ runId: 'r1', alphaIndex: 1 });
    expect(store.stats).toEqual(statsOf(1));
    await store.open(run('r2'), 0);
    expect(store.filters).toEqual({ exit: null, label: null, predicted: null, correct: 'all', versus: 'any', sort: 'gate-high' });
  });

  it('walks prev/next through the filtered, sorted list across pages, and stops at its ends', async () => {
    const store = useExitBrowserStore();
    store.pageSize = 10;
    await store.open(run('r1'), 0);
    await store.refine({ exit: 0 }); // 30 samples: 100, 102, …
    await store.enlarge(9);
    expect([store.enlarged?.index, store.page]).toEqual([118, 0]);
    await store.step(1);
    expect([store.enlarged?.index, store.enlargedAt, store.page, store.rowsOffset]).toEqual([120, 10, 1, 10]);
    await store.step(-1);
    expect([store.enlarged?.index, store.page]).toEqual([118, 0]);
    await store.enlarge(0);
    await store.step(-1);
    expect([store.enlarged?.index, store.enlargedAt]).toEqual([100, 0]);
    await store.enlarge(29);
    await store.step(1);
    expect([store.enlarged?.index, store.enlargedAt, store.page]).toEqual([158, 29, 2]);
    await store.enlarge(null);
    expect([store.enlarged, store.enlargedAt]).toEqual([null, null]);
  });

  it('lands on the right sample when next is pressed again while the next page loads', async () => {
    const store = useExitBrowserStore();
    store.pageSize = 10;
    await store.open(run('r1'), 0);
    await store.enlarge(9);
    delays = [30];
    const first = store.step(1);
    const second = store.step(1);
    // Until page 1 arrives, the sample shown stays the last one that was there.
    expect(store.enlarged?.index).toBe(109);
    await Promise.all([first, second]);
    expect([store.enlargedAt, store.enlarged?.index]).toEqual([11, 111]);
  });

  it('closes the enlarged sample when the filters change', async () => {
    const store = useExitBrowserStore();
    await store.open(run('r1'), 0);
    await store.enlarge(3);
    expect(store.enlarged?.index).toBe(103);
    await store.refine({ label: 1 });
    expect(store.enlarged).toBeNull();
  });

  it('never lets a slower, older answer overwrite a newer one', async () => {
    const store = useExitBrowserStore();
    await store.open(run('r1'), 0);
    delays = [30, 0];
    const older = store.refine({ correct: 'incorrect' });
    const newer = store.refine({ correct: 'correct' });
    await Promise.all([older, newer]);
    expect(store.filters.correct).toBe('correct');
    expect(store.rows.every((r) => r.correct)).toBe(true);
    expect(store.loading).toBe(false);
  });

  it('the α’s point is its own operating point, not a point of its threshold sweep', async () => {
    const store = useExitBrowserStore();
    const learned = (exitFractions: number[], curve?: boolean) => ({ policy: 'leenet', param: 0.5, split: 'test', exitFractions, ...(curve && { curve }) });
    await store.open({ ...run('r1'), points: [learned([0.9, 0.1], true), learned([0.5, 0.5])] } as unknown as RunDetail, 1);
    expect(store.point?.exitFractions).toEqual([0.5, 0.5]);
  });

  it('reports a failing request as a message, the grid’s and the stats’ apart', async () => {
    const store = useExitBrowserStore();
    failing = true;
    await store.open(run('r1'), 0);
    expect(store.error).toBe('samples.json unreadable');
    expect(store.rows).toEqual([]);
    expect(store.stats).not.toBeNull();
    failing = false;
    statsFailing = true;
    await store.setAlpha(1);
    expect([store.error, store.statsError, store.stats]).toEqual([null, 'no records for this α', null]);
    expect(store.rows.length).toBeGreaterThan(0);
  });
});
