import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo } from '@api/models';
import type { TransportKind } from '../api/connect';
import { useApi } from '../api/instance';
import { errorMessage } from '@api/formats';

/** The host domain: which transport, which tfjs backend, whether the connection is up. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const transport = ref<TransportKind | null>(null);
  const connected = ref(true);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    try {
      info.value = await useApi().appInfo();
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  return { info, transport, connected, error, load };
});
