import { tryOnScopeDispose, useDebounceFn } from '@vueuse/core';

export interface Debounced<A extends unknown[]> {
  /** Calls `fn` with these arguments once calls have paused for the delay; an earlier pending call is dropped. */
  call(...args: A): void;
  /** Drops the pending call, if any. */
  cancel(): void;
}

/**
 * `fn` once calls to it pause for `ms` (VueUse's useDebounceFn). The pending call is dropped when the component or
 * store that made it goes, so nothing reaches the host on behalf of a view that is no longer there.
 */
export function useDebounced<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  const debounced = useDebounceFn(fn, ms);
  tryOnScopeDispose(() => debounced.cancel());
  return {
    call: (...args) => void debounced(...args),
    cancel: () => debounced.cancel(),
  };
}
