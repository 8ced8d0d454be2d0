import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { QueueStatus } from '@api/models';
import { errorMessage } from '@api/formats';
import { parseFeatureShards, type QueueSplit } from '@api/queue-split';
import { redactQueueUrl } from '@api/queue-url';
import { useApi } from '../api/instance';
import { useStoredRef } from '../composables/useStoredRef';
import { addQueue, chooseRunOn, chosenQueueUrl, queueKey, removeQueue, restoreRunOn, runOnOptions, type RunOnSettings } from '../view-models/run-on';

const STORAGE_KEY = 'leenet.run-on.v1';

/**
 * Where the next sweep runs: this machine, or a Redis queue the user added (kept across restarts), and what each
 * queue said when last checked.
 */
export const useRunOnStore = defineStore('run-on', () => {
  const settings = useStoredRef<RunOnSettings>(STORAGE_KEY, restoreRunOn, (value) => JSON.stringify(value));
  const statuses = ref<Record<string, QueueStatus>>({});
  const checking = ref<string[]>([]);
  /** The host's message about the queue for the last start it refused, shown until the choice changes. */
  const hostError = ref<string | null>(null);

  const choice = computed(() => settings.value.choice);
  /** The chosen queue's full URL, password included, for `run:start`; null for this machine. */
  const queueUrl = computed(() => chosenQueueUrl(settings.value));
  const options = computed(() => runOnOptions(settings.value));
  /** The shard count as typed: kept apart from the settings, which only ever hold a valid split. */
  const shardsText = ref(String(settings.value.split.featureShards));
  const shardsCheck = computed(() => parseFeatureShards(shardsText.value));
  /** What is wrong with the typed shard count; it keeps Submit disabled only while a queue is chosen. */
  const splitError = computed(() => (settings.value.choice !== null && !shardsCheck.value.ok ? shardsCheck.value.error : null));
  /** How the chosen queue spreads the sweep, for `run:start`; null for this machine or a shard count that is not one. */
  const split = computed<QueueSplit | null>(() =>
    settings.value.choice !== null && shardsCheck.value.ok ? { featureShards: shardsCheck.value.value, fanOutAlphas: settings.value.split.fanOutAlphas } : null,
  );

  function setShards(text: string): void {
    shardsText.value = text;
    const check = parseFeatureShards(text);
    if (check.ok) settings.value = { ...settings.value, split: { ...settings.value.split, featureShards: check.value } };
  }

  function setFanOut(on: boolean): void {
    settings.value = { ...settings.value, split: { ...settings.value.split, fanOutAlphas: on } };
  }

  /** Adds the typed queue, chooses it and checks it; returns what is wrong with the text, or null once added. */
  function add(text: string): string | null {
    const result = addQueue(settings.value, text);
    if (!result.ok) return result.error;
    settings.value = result.settings;
    hostError.value = null;
    // Asked again even when known: the URL may carry new credentials.
    if (queueUrl.value !== null) void check(queueUrl.value);
    return null;
  }

  function remove(key: string): void {
    settings.value = removeQueue(settings.value, key);
    hostError.value = null;
  }

  function choose(key: string | null): void {
    settings.value = chooseRunOn(settings.value, key);
    hostError.value = null;
    checkChoice();
  }

  /** Checks the chosen queue unless it was asked about since the window opened, so its line never stays empty. */
  function checkChoice(): void {
    const url = queueUrl.value;
    if (url !== null && !(queueKey(url) in statuses.value)) void check(url);
  }

  /** Asks the host how the queue is; a queue already being asked about is not asked again until it answers. */
  async function check(url: string): Promise<void> {
    const key = queueKey(url);
    if (checking.value.includes(key)) return;
    checking.value = [...checking.value, key];
    let status: QueueStatus;
    try {
      status = await useApi().queueStatus({ url });
    } catch (e) {
      // The host refused to ask (a URL it reads otherwise, a host without queues): shown as a queue that cannot be reached.
      status = { url: redactQueueUrl(url), reachable: false, workers: 0, waiting: 0, active: 0, message: errorMessage(e) };
    }
    statuses.value = { ...statuses.value, [key]: status };
    checking.value = checking.value.filter((k) => k !== key);
  }

  return { settings, statuses, checking, hostError, choice, queueUrl, options, shardsText, splitError, split, setShards, setFanOut, add, remove, choose, checkChoice, check };
});
