import type { LeenetApi } from '@api/client';

let current: LeenetApi | null = null;

/** Set once at start-up (`main.ts`) or by a test; stores read it through `useApi`. */
export function provideApi(api: LeenetApi): void {
  current = api;
}

export function useApi(): LeenetApi {
  if (!current) throw new Error('The LEENet API is not connected yet.');
  return current;
}
