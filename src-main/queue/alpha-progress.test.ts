import { describe, expect, it } from 'vitest';
import type { LossSample } from '../../src-shared/api/events';
import type { BatchedEvent, ProgressBatch } from '../worker/protocol';
import { lastTime, placeAlphaLosses } from './alpha-losses';
import { AlphaProgress } from './alpha-progress';

const gates = (done: number, total: number, eta: number | null, losses: LossSample[] = []): ProgressBatch => ({ type: 'progress', phase: 'gates', done, total, etaSeconds: eta, losses });
const PHASE: BatchedEvent = { type: 'phase', phase: 'gates', message: 'Training gates with the LEENet loss for 3 α values, fanned out over free workers' };

describe('placeAlphaLosses', () => {
  it("puts an α job's steps after the α values before it, over every α's steps, and its time after the heads", () => {
    const record = { phase: 'gates' as const, total: 40, losses: [{ series: 'gate:α=0.5', step: 10, loss: 0.3, time: 1.5 }, { series: 'gate-ce:α=0.5', step: 10, loss: 0.2 }] };
    const placed = placeAlphaLosses(record, { index: 2, of: 3 }, 60);
    expect(placed).toEqual({ phase: 'gates', total: 120, losses: [{ series: 'gate:α=0.5', step: 90, loss: 0.3, time: 61.5 }, { series: 'gate-ce:α=0.5', step: 90, loss: 0.2 }] });
    // The charts take the offset back off (the renderer's gateStepOffset: α index × total / α count): the α curves
    // overlay at the α job's own steps.
    expect(placed.losses[0].step - 2 * (placed.total / 3)).toBe(10);
  });

  it('finds the latest wall time in a log, 0 in one without', () => {
    expect(lastTime([{ losses: [{ series: 'a', step: 1, loss: 1, time: 3 }, { series: 'b', step: 1, loss: 1, time: 7 }] }, { losses: [] }])).toBe(7);
    expect(lastTime([{ losses: [{ series: 'a', step: 1, loss: 1 }] }])).toBe(0);
  });
});

describe('AlphaProgress', () => {
  it('announces the gates once and sums the α jobs, the ETA unknown until every α has started', () => {
    const p = new AlphaProgress();
    p.seen([gates(0, 0, null), { type: 'progress', phase: 'heads', done: 4, total: 4, etaSeconds: 0, losses: [{ series: 'head:stage1', step: 4, loss: 1, time: 20 }] }]);
    const first = p.take({ index: 0, of: 3 }, [{ type: 'phase', phase: 'data', message: 'x' }, { type: 'progress', phase: 'heads', done: 1, total: 1, etaSeconds: 0, losses: [] }, gates(5, 10, 6, [{ series: 'gate:α=0', step: 5, loss: 0.4, time: 2 }])]);
    expect(first).toEqual([PHASE, gates(5, 30, null, [{ series: 'gate:α=0', step: 5, loss: 0.4, time: 22 }])]);
    expect(p.take({ index: 2, of: 3 }, [gates(2, 10, 9)])).toEqual([gates(7, 30, null)]);
    // Every α started: the slowest running one's ETA.
    expect(p.take({ index: 1, of: 3 }, [gates(1, 10, 12, [{ series: 'gate:α=0.5', step: 1, loss: 0.6, time: 1 }])])).toEqual([gates(8, 30, 12, [{ series: 'gate:α=0.5', step: 11, loss: 0.6, time: 21 }])]);
    expect(p.take({ index: 1, of: 3 }, [gates(10, 10, 0)])).toEqual([gates(17, 30, 9)]);
  });
});
