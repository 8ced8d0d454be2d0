import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { RunEstimateInfo } from '@api/models';
import { useApi } from '../api/instance';

/** Human-readable duration for an estimate: "45 s", "12 min", "3.4 h". */
export function formatSeconds(s: number): string {
  if (s < 90) return `${Math.max(1, Math.round(s))} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function formatBytes(b: number): string {
  if (b < 1e9) return `${Math.max(1, Math.round(b / 1e6))} MB`;
  return `${(b / 1e9).toFixed(1)} GB`;
}

/**
 * The run-estimate domain: what the host predicts a config will cost, asked for as the user edits. Only the answer
 * to the latest request is kept, so a slow answer for an older config never overwrites a newer one.
 */
export const useEstimateStore = defineStore('estimate', () => {
  const estimate = ref<RunEstimateInfo | null>(null);
  const error = ref<string | null>(null);
  const pending = ref(false);
  let latest = 0;

  async function request(config: unknown): Promise<void> {
    const ticket = ++latest;
    pending.value = true;
    try {
      const answer = await useApi().estimateRun({ config });
      if (ticket !== latest) return;
      estimate.value = answer;
      error.value = null;
    } catch (e) {
      if (ticket !== latest) return;
      estimate.value = null;
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (ticket === latest) pending.value = false;
    }
  }

  function clear(): void {
    latest++;
    estimate.value = null;
    error.value = null;
    pending.value = false;
  }

  return { estimate, error, pending, request, clear };
});
