import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { RunEstimateInfo } from '@api/models';
import { useApi } from '../api/instance';
import { errorMessage } from '@api/formats';
import { latestOnly } from '../util/latest-only';

/**
 * The run-estimate domain: what the host predicts a config will cost, asked for as the user edits. Only the answer
 * to the latest request is kept, so a slow answer for an older config never overwrites a newer one.
 */
export const useEstimateStore = defineStore('estimate', () => {
  const estimate = ref<RunEstimateInfo | null>(null);
  const error = ref<string | null>(null);
  const requests = latestOnly();

  async function request(config: unknown): Promise<void> {
    await requests.run(() => useApi().estimateRun({ config }), {
      answer: (answer) => {
        estimate.value = answer;
        error.value = null;
      },
      error: (e) => {
        estimate.value = null;
        error.value = errorMessage(e);
      },
    });
  }

  function clear(): void {
    requests.forget();
    estimate.value = null;
    error.value = null;
  }

  return { estimate, error, request, clear };
});
