import { describe, expect, it } from 'vitest';
import { addTimings, timingsSince } from './timings';

describe('run timings', () => {
  it('adds sessions phase by phase, keeping phases only one of them had', () => {
    expect(addTimings({ data: 1, heads: 4 }, { data: 0.5, gates: 10 }, {})).toEqual({ data: 1.5, heads: 4, gates: 10 });
    expect(addTimings()).toEqual({});
  });

  it("takes a session's own share back out of the summed timings", () => {
    const before = { data: 1, heads: 4 };
    const after = addTimings(before, { data: 0.25, gates: 3 });
    expect(timingsSince(before, after)).toEqual({ data: 0.25, gates: 3 });
    expect(timingsSince(before, before)).toEqual({});
  });
});
