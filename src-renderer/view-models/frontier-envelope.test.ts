import { describe, expect, it } from 'vitest';
import { operatingPoints } from '@api/operating-points';
import { accuracyAt, chartEdge, envelope, errorBand, policyEnvelopes, staircase, standardError } from './frontier-envelope';
import { enveloped, points, pt } from './frontier-points.fixture';

const at = (ps: { cost: number; accuracy: number }[]) => ps.map((p) => [p.cost, p.accuracy]);

describe('envelope', () => {
  it('keeps the points where "best accuracy at cost ≤ c" steps up, cheapest first', () => {
    const ps = [pt('max-softmax', 0.9, 0.8, 0.5), pt('max-softmax', 0.5, 0.7, 0.2), pt('max-softmax', 0.7, 0.75, 0.6), pt('max-softmax', 0.95, 0.9, 0.9)];
    // 0.75 @ 0.6 is below 0.8 @ 0.5: no corner.
    expect(at(envelope(ps))).toEqual([
      [0.2, 0.7],
      [0.5, 0.8],
      [0.9, 0.9],
    ]);
  });

  it('at equal cost the more accurate point stands; equal accuracy at higher cost is no step', () => {
    const ps = [pt('entropy', 1, 0.6, 0.3), pt('entropy', 2, 0.65, 0.3), pt('entropy', 3, 0.65, 0.4), pt('entropy', 4, 0.66, 0.5)];
    expect(at(envelope(ps))).toEqual([
      [0.3, 0.65],
      [0.5, 0.66],
    ]);
    expect(envelope([])).toEqual([]);
  });

  it('reads the envelope at a budget, null below its cheapest point', () => {
    const corners = envelope([pt('entropy', 1, 0.6, 0.3), pt('entropy', 2, 0.7, 0.5)]);
    expect([0.1, 0.3, 0.49, 0.5, 2].map((c) => accuracyAt(corners, c))).toEqual([null, 0.6, 0.6, 0.7, 0.7]);
  });

  it('judges a policy on its validation-chosen test points where marked, else learned gates on their α points', () => {
    expect(operatingPoints(enveloped, 'leenet').map((p) => p.threshold)).toEqual([0.5, 0.31, 0.72]);
    expect(operatingPoints(points, 'leenet').map((p) => p.param)).toEqual([0, 0.5]);
    const unmarked = enveloped.map(({ envelope: _e, ...p }) => p);
    expect(operatingPoints(unmarked, 'leenet').map((p) => p.param)).toEqual([0, 0.5]);
    expect(operatingPoints(enveloped, 'fixed')).toHaveLength(2);
    expect(policyEnvelopes(enveloped).map((e) => e.policy)).toEqual(['leenet', 'max-softmax', 'fixed']);
  });
});

describe('staircase', () => {
  const corners = envelope([pt('max-softmax', 1, 0.5, 0.25), pt('max-softmax', 2, 0.8, 0.5)]);
  const edge = { cost: 1.01, speedup: 1 / 1.01 };

  it('is flat from each corner to the next corner’s cost, then up, and runs on to the chart’s edge', () => {
    expect(staircase(corners, edge, 'cost').map((v) => [v.x, v.y])).toEqual([
      [0.25, 50],
      [0.5, 50],
      [0.5, 80],
      [1.01, 80],
    ]);
  });

  it('on the speedup axis uses each point’s own speedup', () => {
    expect(staircase(corners, edge, 'speedup').map((v) => [v.x, v.y])).toEqual([
      [4, 50],
      [2, 50],
      [2, 80],
      [1 / 1.01, 80],
    ]);
  });

  it('stops at its last corner when that is the costliest point on the chart', () => {
    expect(staircase(corners, { cost: 0.5, speedup: 2 }, 'cost')).toHaveLength(3);
    expect(chartEdge(points)).toEqual({ cost: 1.01, speedup: 1 / 1.01 });
    expect(chartEdge([])).toBeNull();
  });
});

describe('standard error', () => {
  it('is sqrt(p(1−p)/n)', () => {
    expect(standardError(0.9, 1000)).toBeCloseTo(Math.sqrt(0.09 / 1000));
    expect(standardError(1, 50)).toBe(0);
  });

  it('bands a staircase by ±1 SE in percent, along the top then back along the bottom, within 0–100', () => {
    const corners = envelope([pt('entropy', 1, 0.5, 0.25), pt('entropy', 2, 0.99, 0.5)]);
    const v = staircase(corners, { cost: 0.5, speedup: 2 }, 'cost');
    const band = errorBand(v, 100);
    expect(band).toHaveLength(6);
    expect(band[0]).toEqual({ x: 0.25, y: 55 });
    expect(band[2].y).toBeCloseTo(99 + 100 * Math.sqrt(0.99 * 0.01 / 100));
    expect(band.at(-1)).toEqual({ x: 0.25, y: 45 });
    expect(errorBand(staircase(envelope([pt('entropy', 1, 1, 0.2)]), { cost: 0.2, speedup: 5 }, 'cost'), 10).map((p) => p.y)).toEqual([100, 100]);
  });
});
