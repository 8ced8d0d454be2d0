import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '@api/client';
import { dispatchRequest, type Handlers } from '@api/dispatch';
import type { RunDetail, SampleRow } from '@api/models';
import type { RequestParams } from '@api/requests';
import { provideApi } from '../api/instance';
import { useExitBrowserStore } from './exit-browser';

// 60 test samples, 2 exits: even samples leave early, every 5th is wrong, labels cycle 0..2.
const table: SampleRow[] = Array.from({ length: 60 }, (_, i) => ({
  index: 100 + i,
  label: i % 3,
  exitTaken: i % 2,
  prediction: i % 5 === 0 ? (i + 1) % 3 : i % 3,
  confidence: 0.9,
  correct: i % 5 !== 0,
  gate: i % 2 === 0 ? 0.8 : null,
  perExit: [{ prediction: i % 3, confidence: 0.9, gate: i % 2 === 0 ? 0.8 : 0.3 }, { prediction: i % 3, confidence: 0.95, gate: null }],
}));
const run = (id: string): RunDetail => ({ id, name: id, alphasDone: [0, 0.5], classNames: ['zero', 'one', 'two'], exits: [], points: [] }) as unknown as RunDetail;

let delays: number[];
let failing: boolean;
let imageCalls: number[][];
beforeEach(() => {
  setActivePinia(createPinia());
  delays = [];
  failing = false;
  imageCalls = [];
  const handlers = {
    'runs:samples': async (q: Required<RequestParams<'runs:samples'>>) => {
      const wait = delays.shift() ?? 0;
      if (wait) await new Promise((r) => setTimeout(r, wait));
      if (failing) throw new Error('samples.json unreadable');
      const matches = table.filter((r) => (q.exit === undefined || r.exitTaken === q.exit) && (q.correct === undefined || r.correct === q.correct) && (q.label === undefined || r.label === q.label));
      return { total: matches.length, offset: q.offset, rows: matches.slice(q.offset, q.offset + q.limit) };
    },
    'runs:examples': async ({ indices }: { indices: number[] }) => {
      imageCalls.push(indices);
      return indices.map((index) => ({ index, label: 0, className: 'zero', dataUrl: `data:image/png;base64,${index}` }));
    },
  } as Partial<Handlers> as Handlers;
  provideApi(createApi({ invoke: (channel, params) => dispatchRequest(handlers, channel, params), subscribe: () => () => undefined }));
});

describe('exit browser store', () => {
  it('loads the first page of an exit and its thumbnails, once each', async () => {
    const store = useExitBrowserStore();
    store.pageSize = 10;
    await store.open(run('r1'), 0);
    expect([store.total, store.rows.length, store.pages]).toEqual([30, 10, 3]);
    expect(store.rows.every((r) => r.exitTaken === 0)).toBe(true);
    expect(store.images[100]).toBe('data:image/png;base64,100');
    await store.setPage(1);
    await store.setPage(0);
    expect(imageCalls).toHaveLength(2);
    expect(store.className(2)).toBe('two');
  });

  it('narrows by correct/incorrect and by class, back to page 0', async () => {
    const store = useExitBrowserStore();
    await store.open(run('r1'), 0);
    await store.setPage(1);
    await store.setCorrect('incorrect');
    expect([store.total, store.page]).toEqual([6, 0]);
    expect(store.rows.every((r) => !r.correct)).toBe(true);
    await store.setCorrect('all');
    await store.setLabel(1);
    expect(store.total).toBe(10);
    await store.setExit(1);
    expect(store.rows.every((r) => r.exitTaken === 1 && r.label === 1)).toBe(true);
  });

  it('keeps filters across α of one run, resets them for another run', async () => {
    const store = useExitBrowserStore();
    await store.open(run('r1'), 0);
    await store.setCorrect('incorrect');
    await store.open(run('r1'), 1);
    expect([store.correct, store.alphaIndex]).toEqual(['incorrect', 1]);
    await store.open(run('r2'), 0);
    expect([store.correct, store.exit, store.label]).toEqual(['all', 0, null]);
  });

  it('never lets a slower, older answer overwrite a newer one', async () => {
    const store = useExitBrowserStore();
    await store.open(run('r1'), 0);
    delays = [30, 0];
    const older = store.setCorrect('incorrect');
    const newer = store.setCorrect('correct');
    await Promise.all([older, newer]);
    expect(store.correct).toBe('correct');
    expect(store.rows.every((r) => r.correct)).toBe(true);
    expect(store.loading).toBe(false);
  });

  it('the α’s point is its own operating point, not a point of its threshold sweep', async () => {
    const store = useExitBrowserStore();
    const learned = (exitFractions: number[], curve?: boolean) => ({ policy: 'leenet', param: 0.5, split: 'test', exitFractions, ...(curve && { curve }) });
    await store.open({ ...run('r1'), points: [learned([0.9, 0.1], true), learned([0.5, 0.5])] } as unknown as RunDetail, 1);
    expect(store.point?.exitFractions).toEqual([0.5, 0.5]);
  });

  it('reports a failing request as a message', async () => {
    const store = useExitBrowserStore();
    failing = true;
    await store.open(run('r1'), 0);
    expect(store.error).toBe('samples.json unreadable');
    expect(store.rows).toEqual([]);
  });
});
