import { describe, expect, it } from 'vitest';
import { clockText, effectiveAxis, hasWallTime, tickDecimals, xAxisTitle, xOf, xText } from './loss-axis';

const timed = { points: [{ step: 1, loss: 1, time: 0.4 }, { step: 2, loss: 0.9, time: 0.8 }] };
const untimed = { points: [{ step: 1, loss: 1 }] };

describe('loss chart x-axis', () => {
  it('draws wall time only where the run recorded it, and falls back to step', () => {
    expect(hasWallTime([timed])).toBe(true);
    expect(hasWallTime([timed, untimed])).toBe(false);
    expect(hasWallTime([])).toBe(false);
    expect(effectiveAxis('time', [timed])).toBe('time');
    expect(effectiveAxis('time', [untimed])).toBe('step');
    expect(effectiveAxis('step', [timed])).toBe('step');
    expect(xOf(timed.points[1], 'time')).toBe(0.8);
    expect(xOf(timed.points[1], 'step')).toBe(2);
    expect(xOf(untimed.points[0], 'time')).toBe(1);
  });

  it('titles the axis by what it counts, and says when wall time is missing', () => {
    expect(xAxisTitle('step', true)).toBe('step (within its α)');
    expect(xAxisTitle('step', false)).toBe('step');
    expect(xAxisTitle('time', true)).toMatch(/^wall time/);
    expect(xAxisTitle('step', false, 'time')).toMatch(/no wall time recorded/);
  });

  it('writes seconds as a clock', () => {
    expect([0, 5, 59.6, 125, 3725].map((s) => clockText(s))).toEqual(['0:00', '0:05', '1:00', '2:05', '1:02:05']);
    expect(clockText(9.25, 1)).toBe('0:09.3');
    expect(clockText(59.96, 1)).toBe('1:00.0');
    expect(clockText(3600.05, 2)).toBe('1:00:00.05');
    expect(xText(12.2, 'step')).toBe('step 12');
    expect(xText(125, 'time')).toBe('wall time 2:05.0');
  });

  it('gives ticks a fraction of a second only when they are that close', () => {
    expect([5, 1, 0.5, 0.1, 0.05, 0, Number.NaN].map(tickDecimals)).toEqual([0, 0, 1, 1, 2, 0, 0]);
  });
});
