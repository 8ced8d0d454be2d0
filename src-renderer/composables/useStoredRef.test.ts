// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { useStoredRef } from './useStoredRef';

const restore = (text: string | null) => (text !== null && /^\d+$/.test(text) ? Number(text) : 7);

beforeEach(() => localStorage.clear());

describe('useStoredRef', () => {
  it('reads what was stored, turns junk into the default, writes nothing until it changes', () => {
    const scope = effectScope();
    scope.run(() => {
      expect(useStoredRef('n', restore, String).value).toBe(7);
      expect(localStorage.getItem('n')).toBeNull();
      localStorage.setItem('n', 'junk');
      expect(useStoredRef('n', restore, String).value).toBe(7);
      localStorage.setItem('n', '42');
      expect(useStoredRef('n', restore, String).value).toBe(42);
    });
    scope.stop();
  });

  it('writes each change at once, so a window opened right after reads it', () => {
    const scope = effectScope();
    scope.run(() => {
      const n = useStoredRef('n', restore, String);
      n.value = 3;
      expect(localStorage.getItem('n')).toBe('3');
      expect(useStoredRef('n', restore, String).value).toBe(3);
    });
    scope.stop();
  });
});
