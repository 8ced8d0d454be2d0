import type { LeenetApi } from '@api/client';

declare global {
  interface Window {
    /** Present in Electron only: the preload bridge (`src-main/preload`). */
    leenet?: LeenetApi;
  }
}
