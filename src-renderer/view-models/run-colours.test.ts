import { describe, expect, it } from 'vitest';
import { OVERLAY_COLOURS, POLICY_COLOURS } from '../charts/palette';
import { runColours } from './run-colours';

const run = (id: string, createdAt: string) => ({ id, createdAt });

describe('run colours', () => {
  it('colours runs in the order they were made, whatever order the list has', () => {
    const colours = runColours([run('c', '2026-03-01'), run('a', '2026-01-01'), run('b', '2026-02-01')]);
    expect([colours.a, colours.b, colours.c]).toEqual(OVERLAY_COLOURS.slice(0, 3));
  });

  it('keeps every earlier run’s colour when a new run arrives', () => {
    const before = runColours([run('a', '2026-01-01'), run('b', '2026-02-01')]);
    const after = runColours([run('new', '2026-05-01'), run('a', '2026-01-01'), run('b', '2026-02-01')]);
    expect({ a: after.a, b: after.b }).toEqual(before);
    expect(after.new).not.toBe(after.b);
  });

  it('never gives a run a policy’s colour, however many runs there are', () => {
    const many = Array.from({ length: 12 }, (_, i) => run(`r${i}`, `2026-01-${String(i + 1).padStart(2, '0')}`));
    for (const colour of Object.values(runColours(many))) expect(Object.values(POLICY_COLOURS)).not.toContain(colour);
  });
});
