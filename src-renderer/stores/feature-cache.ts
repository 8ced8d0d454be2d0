import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CacheInfo } from '@api/models';
import { useApi } from '../api/instance';
import { errorMessage } from '@api/formats';


/** The feature cache as the status bar shows it: its size, and a way to empty it. */
export const useFeatureCacheStore = defineStore('featureCache', () => {
  const info = ref<CacheInfo | null>(null);
  const error = ref<string | null>(null);

  async function refresh(): Promise<void> {
    try {
      info.value = await useApi().cacheInfo();
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  async function clear(): Promise<void> {
    try {
      await useApi().clearCache();
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    }
    await refresh();
  }

  return { info, error, refresh, clear };
});
