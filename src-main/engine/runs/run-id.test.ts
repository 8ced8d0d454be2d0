import { describe, expect, it } from 'vitest';
import { assertRunId, isRunId, newRunId } from './run-id';

describe('run ids', () => {
  it('read as time, backbone and 4 random hex digits, and sort by time', () => {
    const a = newRunId('mnist-small', new Date('2026-11-23T21:46:50.123Z'));
    expect(a).toMatch(/^2026-11-23T21-46-50-mnist-small-[0-9a-f]{4}$/);
    const b = newRunId('mnist-small', new Date('2026-11-23T21:46:51Z'));
    expect([b, a].sort()).toEqual([a, b]);
    expect(isRunId(a)).toBe(true);
  });

  it('a backbone name that could not name a folder is cleaned', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(newRunId('tfjs:/models/../x', now)).toMatch(/^2026-01-01T00-00-00-tfjsmodelsx-[0-9a-f]{4}$/);
    expect(newRunId('///', now)).toMatch(/^2026-01-01T00-00-00-run-[0-9a-f]{4}$/);
    expect(isRunId(newRunId('x'.repeat(500), now))).toBe(true);
  });

  it('accepts plain folder names and refuses anything that could escape or be rewritten', () => {
    for (const ok of ['a', 'run_1', '2026-01-01T00-00-00-mnist-small-a1b2', 'v1.2-x']) expect(isRunId(ok)).toBe(true);
    for (const bad of ['', '.', '..', '../a', 'a/b', 'a\\b', '/abs', 'a..b', 'end.', '.hidden', 'a b', 'C:', 'x'.repeat(129)]) {
      expect(isRunId(bad)).toBe(false);
      expect(() => assertRunId(bad)).toThrow('Invalid run id');
    }
  });
});
