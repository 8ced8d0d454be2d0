/**
 * Numbers a store's requests so only the answer to the latest one is applied, whatever order the answers come back
 * in: a slow answer to an earlier question never replaces a newer one.
 */
export function latestOnly(): {
  run<T>(ask: () => Promise<T>, on: { answer: (value: T) => void; error: (e: unknown) => void; settled?: () => void }): Promise<void>;
  /** Every request started so far is ignored from now on. */
  forget(): void;
} {
  let latest = 0;
  return {
    async run(ask, on) {
      const mine = ++latest;
      try {
        const value = await ask();
        if (mine === latest) on.answer(value);
      } catch (e) {
        if (mine === latest) on.error(e);
      } finally {
        if (mine === latest) on.settled?.();
      }
    },
    forget() {
      latest++;
    },
  };
}
