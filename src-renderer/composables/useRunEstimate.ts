import { computed, watch } from 'vue';
import { useEstimateStore } from '../stores/estimate';
import { useRunOnStore } from '../stores/run-on';
import { useSetupStore } from '../stores/setup';
import { roughDurationText } from '@api/formats';
import { formatBytes } from '../view-models/format';
import { useDebounced } from './useDebounced';

/** How long typing must pause before the host is asked again. */
const PAUSE_MS = 400;

/**
 * The host's time and memory estimate for the run form, asked for once typing pauses and only for a valid config
 * (an invalid one clears it at once), as the one line shown beside Run. The host times this machine: a sweep sent
 * to a queue is said to be estimated here, so the figure is not read as the queue's.
 */
export function useRunEstimate() {
  const setup = useSetupStore();
  const runOn = useRunOnStore();
  const estimates = useEstimateStore();
  const ask = useDebounced((config: string) => void estimates.request(JSON.parse(config)), PAUSE_MS);
  watch(
    () => (Object.keys(setup.check.errors).length ? null : JSON.stringify(setup.check.config)),
    (config) => {
      if (config !== null) return ask.call(config);
      ask.cancel();
      estimates.clear();
    },
    { immediate: true },
  );

  const text = computed(() => {
    const e = estimates.estimate;
    if (!e) return estimates.error === null ? null : `No estimate: ${estimates.error}`;
    const images = e.images.train + e.images.val + e.images.test;
    const where = runOn.choice === null ? '' : 'estimate on this machine: ';
    return `${where}≈ ${roughDurationText(e.seconds)} · ${formatBytes(e.bytes)} · ${images.toLocaleString()} images`;
  });
  const notes = computed(() => estimates.estimate?.notes.join('\n'));
  return { text, notes };
}
