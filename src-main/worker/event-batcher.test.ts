import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventBatcher } from './event-batcher';
import type { BatchedEvent } from './protocol';

describe('createEventBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('folds consecutive progress of one phase into one event, with a mean loss per curve once it is long', () => {
    const sent: BatchedEvent[][] = [];
    const batcher = createEventBatcher((e) => sent.push(e), 100, 0);
    batcher.push({ type: 'phase', phase: 'heads', message: 'heads' });
    for (let done = 1; done <= 4; done++) {
      batcher.push({ type: 'progress', phase: 'heads', done, total: 10, series: 'head:stage1', loss: done, etaSeconds: 10 - done });
    }
    batcher.push({ type: 'progress', phase: 'heads', done: 5, total: 10, series: 'head:stage2', loss: 7 });
    batcher.push({ type: 'progress', phase: 'heads', done: 6, total: 10, loss: Number.NaN });
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([
      [{ type: 'phase', phase: 'heads', message: 'heads' }],
      [
        {
          type: 'progress',
          phase: 'heads',
          done: 6,
          total: 10,
          etaSeconds: null,
          losses: [
            { series: 'head:stage1', step: 4, loss: 2.5, time: 0 },
            { series: 'head:stage2', step: 5, loss: 7, time: 0 },
          ],
        },
      ],
    ]);
  });

  it('keeps every step of a curve until it has sent its first steps one by one, then folds', () => {
    const sent: BatchedEvent[][] = [];
    const batcher = createEventBatcher((e) => sent.push(e), 100, 3);
    for (let done = 1; done <= 5; done++) batcher.push({ type: 'progress', phase: 'gates', done, total: 9, series: 'gate:α=0', loss: done });
    batcher.push({ type: 'progress', phase: 'gates', done: 6, total: 9, series: 'gate:α=1', loss: 6 });
    vi.advanceTimersByTime(100);
    // The first event goes out at once, the rest together when the interval is up.
    expect(sent).toHaveLength(2);
    const losses = sent.flat().flatMap((e) => (e.type === 'progress' ? e.losses : []));
    expect(losses.map((l) => [l.series, l.step, l.loss])).toEqual([
      ['gate:α=0', 1, 1],
      ['gate:α=0', 2, 2],
      ['gate:α=0', 3, 3],
      ['gate:α=0', 5, 4.5],
      ['gate:α=1', 6, 6],
    ]);
  });

  it("folds the LEENet loss's two terms into curves of their own", () => {
    const sent: BatchedEvent[][] = [];
    const batcher = createEventBatcher((e) => sent.push(e), 100, 0);
    batcher.push({ type: 'phase', phase: 'gates', message: 'gates' });
    batcher.push({ type: 'progress', phase: 'gates', done: 1, total: 4, series: 'gate:α=0.5', loss: 1, parts: { ce: 1.5, cost: 0.5 } });
    batcher.push({ type: 'progress', phase: 'gates', done: 2, total: 4, series: 'gate:α=0.5', loss: 0.8, parts: { ce: 1.1, cost: 0.3 } });
    batcher.push({ type: 'progress', phase: 'gates', done: 3, total: 4, series: 'gate:P(correct)', loss: 0.6 });
    vi.advanceTimersByTime(100);
    const [, [batch]] = sent;
    expect(batch.type === 'progress' && batch.losses).toEqual([
      { series: 'gate:α=0.5', step: 2, loss: 0.9, time: 0 },
      { series: 'gate-ce:α=0.5', step: 2, loss: 1.3, time: 0 },
      { series: 'gate-cost:α=0.5', step: 2, loss: 0.4, time: 0 },
      { series: 'gate:P(correct)', step: 3, loss: 0.6, time: 0 },
    ]);
  });

  it('sends at most once per interval and keeps order across phases', () => {
    const sent: BatchedEvent[][] = [];
    const batcher = createEventBatcher((e) => sent.push(e), 100);
    batcher.push({ type: 'progress', phase: 'features', done: 1, total: 2 });
    expect(sent).toHaveLength(1);
    batcher.push({ type: 'progress', phase: 'features', done: 2, total: 2 });
    batcher.push({ type: 'phase', phase: 'heads', message: 'heads' });
    batcher.push({ type: 'progress', phase: 'heads', done: 1, total: 3 });
    vi.advanceTimersByTime(99);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
    expect(sent[1].map((e) => e.type + ('phase' in e ? `:${e.phase}` : ''))).toEqual(['progress:features', 'phase:heads', 'progress:heads']);
  });

  it('sends from push when due, even if its timer never gets a turn', () => {
    const sent: BatchedEvent[][] = [];
    const batcher = createEventBatcher((e) => sent.push(e), 100);
    for (let done = 1; done <= 1000; done++) {
      vi.setSystemTime(Date.now() + 1);
      batcher.push({ type: 'progress', phase: 'gates', done, total: 1000 });
    }
    expect(sent.length).toBeGreaterThanOrEqual(9);
    expect(sent.length).toBeLessThanOrEqual(11);
    expect(batcher.stats).toEqual({ events: 1000, messages: sent.length });
  });

  it('flushes at once on demand and sends nothing after dispose', () => {
    const sent: BatchedEvent[][] = [];
    const batcher = createEventBatcher((e) => sent.push(e), 100);
    batcher.push({ type: 'log', message: 'a' });
    batcher.push({ type: 'log', message: 'a2' });
    batcher.flush();
    expect(sent).toEqual([[{ type: 'log', message: 'a' }], [{ type: 'log', message: 'a2' }]]);
    batcher.push({ type: 'log', message: 'b' });
    batcher.dispose();
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2);
  });
});
