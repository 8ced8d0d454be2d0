import { describe, expect, it } from 'vitest';
import { perKeyQueue } from './per-key-queue';

describe('perKeyQueue', () => {
  it('runs jobs of one key in call order, other keys alongside, and survives a failing job', async () => {
    const inOrder = perKeyQueue();
    const log: string[] = [];
    const job = (name: string, ms: number, fail = false) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const a1 = inOrder('a', job('a1', 20, true));
    const a2 = inOrder('a', job('a2', 1));
    const b1 = inOrder('b', job('b1', 1));
    await expect(a1).rejects.toThrow('a1');
    expect(await a2).toBe('a2');
    expect(await b1).toBe('b1');
    expect(log.indexOf('start a2')).toBeGreaterThan(log.indexOf('end a1'));
    expect(log.indexOf('end b1')).toBeLessThan(log.indexOf('end a1'));
  });
});
