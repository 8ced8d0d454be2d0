import { describe, expect, it } from 'vitest';
import { lossRecorder } from './loss-recorder';

describe('lossRecorder', () => {
  it("keeps the curves a window would have drawn: the gate loss and its two terms, per phase", () => {
    const recorder = lossRecorder(60_000);
    recorder.onEvent({ type: 'phase', phase: 'heads', message: 'heads' });
    recorder.onEvent({ type: 'progress', phase: 'heads', done: 1, total: 2, series: 'head:stage1', loss: 2 });
    recorder.onEvent({ type: 'progress', phase: 'heads', done: 2, total: 2, series: 'head:stage1', loss: 1 });
    recorder.onEvent({ type: 'phase', phase: 'gates', message: 'gates' });
    recorder.onEvent({ type: 'progress', phase: 'gates', done: 3, total: 9, series: 'gate:α=0.5', loss: 0.8, parts: { ce: 1.2, cost: 0.4 } });
    const log = recorder.finish();
    expect(log.map((r) => [r.phase, r.total, r.losses.map((l) => [l.series, l.step, l.loss])])).toEqual([
      // A short phase keeps every step it reported.
      ['heads', 2, [['head:stage1', 1, 2], ['head:stage1', 2, 1]]],
      [
        'gates',
        9,
        [
          ['gate:α=0.5', 3, 0.8],
          ['gate-ce:α=0.5', 3, 1.2],
          ['gate-cost:α=0.5', 3, 0.4],
        ],
      ],
    ]);
    expect(log.flatMap((r) => r.losses).every((l) => typeof l.time === 'number')).toBe(true);
  });

  it('records nothing for a sweep that reported no losses', () => {
    const recorder = lossRecorder();
    recorder.onEvent({ type: 'log', message: 'hello' });
    expect(recorder.finish()).toEqual([]);
  });
});
