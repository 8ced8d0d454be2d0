import { describe, expect, it } from 'vitest';
import { latestOnly } from './latest-only';

describe('latestOnly', () => {
  it('applies only the latest answer or error, whatever order they arrive in, and settles only the latest', async () => {
    const latest = latestOnly();
    const applied: string[] = [];
    let releaseSlow: (v: string) => void = () => undefined;
    const on = { answer: (v: string) => applied.push(`answer ${v}`), error: (e: unknown) => applied.push(`error ${String(e)}`), settled: () => applied.push('settled') };
    const slow = latest.run(() => new Promise<string>((resolve) => (releaseSlow = resolve)), on);
    await latest.run(() => Promise.reject(new Error('fast failed')), on);
    releaseSlow('slow');
    await slow;
    expect(applied).toEqual(['error Error: fast failed', 'settled']);
  });

  it('forget drops every request still under way', async () => {
    const latest = latestOnly();
    const applied: string[] = [];
    const pending = latest.run(async () => 'late', { answer: (v) => applied.push(v), error: () => applied.push('error') });
    latest.forget();
    await pending;
    expect(applied).toEqual([]);
  });
});
