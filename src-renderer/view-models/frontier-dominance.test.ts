import { describe, expect, it } from 'vitest';
import { dominators } from './frontier-dominance';
import { pt } from './frontier-points.fixture';

describe('dominance', () => {
  it('fades a point another point of any policy beats on both axes, naming the most accurate of the cheaper ones', () => {
    const learned = pt('leenet', 0.3, 0.6, 0.72);
    const rule = pt('max-softmax', 0.5, 0.61, 0.7);
    const cheap = pt('entropy', 0.8, 0.58, 0.3);
    const beaten = dominators([learned, rule, cheap]);
    expect([...beaten.keys()]).toEqual([learned]);
    expect(beaten.get(learned)).toBe(rule);
  });

  it('needs strictly better on one axis: an equal point beats nothing, equal accuracy at lower cost does', () => {
    const a = pt('leenet', 0, 0.6, 0.5);
    const twin = pt('max-softmax', 0.4, 0.6, 0.5);
    expect(dominators([a, twin]).size).toBe(0);
    const cheaper = pt('entropy', 0.2, 0.6, 0.4);
    const beaten = dominators([a, twin, cheaper]);
    expect(beaten.get(a)).toBe(cheaper);
    expect(beaten.get(twin)).toBe(cheaper);
    // Same cost, more accurate: beaten.
    const better = pt('patience', 2, 0.7, 0.5);
    expect(dominators([a, better]).get(a)).toBe(better);
  });

  it('leaves the oracle out: a bound no rule deploys neither beats nor is beaten', () => {
    const oracle = pt('oracle', null, 0.99, 0.3);
    const a = pt('leenet', 0, 0.9, 0.5);
    expect(dominators([oracle, a]).size).toBe(0);
    expect(dominators([pt('fixed', 0, 0.995, 0.2), oracle]).size).toBe(0);
  });
});
