import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { QueueStatus } from '@api/models';
import { errorMessage } from '@api/formats';
import { parseFeatureShards, type QueueSplit } from '@api/queue-split';
import { parseQueueUrl, queueKey, redactQueueUrl } from '@api/queue-url';
import { useApi } from '../api/instance';
import { useStoredRef } from '../composables/useStoredRef';
import { addQueue, chooseRunOn, chosenQueueUrl, removeQueue, restoreRunOn, runOnOptions, type RunOnSettings } from '../view-models/run-on';

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
  /** The chosen queue's URL for `run:start`, its password hidden (the host fills in the one it saved); null for this machine. */
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

  /**
   * Adds the typed queue, chooses it and checks it; returns what is wrong with the text (or the host's refusal), or null
   * once added. Its password stays with the host: the list keeps the URL with it hidden.
   */
  async function add(text: string): Promise<string | null> {
    const check = parseQueueUrl(text);
    if (!check.ok) return check.error;
    let kept: string;
    try {
      kept = (await useApi().rememberQueue({ url: check.target.url })).url;
    } catch (e) {
      return errorMessage(e);
    }
    const result = addQueue(settings.value, kept);
    if (!result.ok) return result.error;
    settings.value = result.settings;
    hostError.value = null;
    // Asked again even when known: the queue may have new credentials.
    if (queueUrl.value !== null) void checkQueue(queueUrl.value);
    return null;
  }

  /** Takes the queue off the list; the host forgets its password. */
  function remove(key: string): void {
    const url = settings.value.queues.find((q) => queueKey(q) === key);
    settings.value = removeQueue(settings.value, key);
    hostError.value = null;
    if (url) useApi().forgetQueue({ url }).catch(() => undefined);
  }

  /** Lists kept before passwords went to the host hold them in the window's storage: they move to the host now. */
  async function hidePasswords(): Promise<void> {
    for (const url of settings.value.queues) {
      const check = parseQueueUrl(url);
      if (!check.ok || !check.target.password || check.target.password === '***') continue;
      try {
        const kept = (await useApi().rememberQueue({ url })).url;
        settings.value = { ...settings.value, queues: settings.value.queues.map((q) => (q === url ? kept : q)) };
      } catch {
        // The host could not save it: kept as it is, and it still connects.
      }
    }
  }
  void hidePasswords();

  function choose(key: string | null): void {
    settings.value = chooseRunOn(settings.value, key);
    hostError.value = null;
    checkChoice();
  }

  /** Checks the chosen queue unless it was asked about since the window opened, so its line never stays empty. */
  function checkChoice(): void {
    const url = queueUrl.value;
    if (url !== null && !(queueKey(url) in statuses.value)) void checkQueue(url);
  }

  /** Asks the host how the queue is; a queue already being asked about is not asked again until it answers. */
  async function checkQueue(url: string): Promise<void> {
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

  return { settings, statuses, checking, hostError, choice, queueUrl, options, shardsText, splitError, split, setShards, setFanOut, add, remove, choose, checkChoice, check: checkQueue };
});
