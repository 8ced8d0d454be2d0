import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { useDebounced } from './useDebounced';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('useDebounced', () => {
  it('calls once calls pause, with the last arguments; cancel and the end of its scope drop a pending call', () => {
    const seen: string[] = [];
    const scope = effectScope();
    const ask = scope.run(() => useDebounced((s: string) => seen.push(s), 100))!;
    ask.call('a');
    vi.advanceTimersByTime(50);
    ask.call('b');
    vi.advanceTimersByTime(100);
    expect(seen).toEqual(['b']);
    ask.call('c');
    ask.cancel();
    vi.advanceTimersByTime(200);
    ask.call('d');
    scope.stop();
    vi.advanceTimersByTime(200);
    expect(seen).toEqual(['b']);
  });
});
