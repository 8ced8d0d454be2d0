import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { BackboneInfo, DatasetInfo } from '@api/models';
import { useApi } from '../api/instance';
import { useStoredRef } from '../composables/useStoredRef';
import { useRunOnStore } from './run-on';
import { useRunsStore } from './runs';
import { checkForm, defaultForm, fieldOfConfigPath, restoreForm, type SetupForm } from '../setup/setup-form';
import { omitKey } from '../util/omit-key';
import { backboneFit } from '../view-models/backbone-fit';
import { errorMessage } from '@api/formats';

const STORAGE_KEY = 'leenet.setup.v1';

/**
 * The setup domain: the catalog of backbones and datasets, the run form (kept across restarts), and its check with
 * the engine's schema as the user types.
 */
export const useSetupStore = defineStore('setup', () => {
  const backbones = ref<BackboneInfo[]>([]);
  const datasets = ref<DatasetInfo[]>([]);
  const catalogError = ref<string | null>(null);
  const form = useStoredRef<SetupForm>(STORAGE_KEY, restoreForm, (value) => JSON.stringify(value));
  /** Messages the host sent back for the last start, shown until the field changes. */
  const hostErrors = ref<Partial<Record<keyof SetupForm, string>>>({});
  /** A start is on its way to the host: Run stays disabled, and a second press (or Ctrl+Enter) does nothing. */
  const starting = ref(false);

  const backbone = computed(() => backbones.value.find((b) => b.name === form.value.backbone) ?? null);
  const dataset = computed(() => datasets.value.find((d) => d.name === form.value.dataset) ?? null);
  const presets = computed(() => backbone.value?.exits ?? form.value.exits);
  /** The exits the form offers, in depth order; before the catalog arrives (or for a backbone without candidates), the presets, cost unknown. */
  const exitChoices = computed<{ name: string; cost: number | null; preset: boolean }[]>(() =>
    backbone.value?.exitCandidates.length ? backbone.value.exitCandidates : presets.value.map((name) => ({ name, cost: null, preset: true })),
  );
  const check = computed(() => checkForm(form.value, presets.value, exitChoices.value.map((c) => c.name)));
  /** Whether the backbone can read the dataset's images: an error keeps Run disabled, a warning only says so. */
  const fit = computed(() => backboneFit(backbone.value, dataset.value, backbones.value));
  const errors = computed(() => ({ ...hostErrors.value, ...(fit.value?.level === 'error' ? { backbone: fit.value.message } : {}), ...check.value.errors }));
  const warnings = computed<Partial<Record<keyof SetupForm, string>>>(() => (fit.value?.level === 'warning' ? { backbone: fit.value.message } : {}));
  /** The last run this form started, so the window can close the form and show the run's training. */
  const startedRunId = ref<string | null>(null);
  const runOn = useRunOnStore();
  /** The form has no error, and a sweep for a queue says how to spread it. */
  const valid = computed(() => Object.keys(errors.value).length === 0 && runOn.splitError === null);

  async function loadCatalog(): Promise<void> {
    try {
      const api = useApi();
      [backbones.value, datasets.value] = await Promise.all([api.listBackbones(), api.listDatasets()]);
      catalogError.value = null;
      // A saved form may name exits of another version of the backbone: keep only the ones it still offers.
      if (backbone.value) {
        const known = exitChoices.value.map((c) => c.name);
        form.value.exits = form.value.exits.filter((e) => known.includes(e));
      }
    } catch (e) {
      catalogError.value = errorMessage(e);
    }
  }

  function setField<K extends keyof SetupForm>(key: K, value: SetupForm[K]): void {
    form.value[key] = value;
    hostErrors.value = omitKey<string, keyof SetupForm>(hostErrors.value, key);
  }

  /** A new backbone brings its own exit presets, all ticked. */
  function chooseBackbone(name: string): void {
    setField('backbone', name);
    setField('exits', [...(backbone.value?.exits ?? [])]);
  }

  /** The host's messages for a start it refused, on the fields they concern. */
  function showHostErrors(fields: Record<string, string>): void {
    const mapped: Partial<Record<keyof SetupForm, string>> = {};
    for (const [path, message] of Object.entries(fields)) {
      const field = fieldOfConfigPath(path);
      if (field) mapped[field] = message;
    }
    hostErrors.value = mapped;
  }

  /**
   * Starts a sweep with the form's config (Run, or Ctrl+Enter) here or on the chosen queue; what the host refuses
   * shows on the fields it concerns, the queue's message under Run on.
   */
  async function start(): Promise<void> {
    if (!valid.value || starting.value) return;
    starting.value = true;
    const runs = useRunsStore();
    try {
      const queue = runOn.queueUrl === null ? undefined : { url: runOn.queueUrl, split: runOn.split ?? undefined };
      const id = await runs.start(check.value.config, form.value.name.trim() || undefined, queue);
      if (id) startedRunId.value = id;
      else showHostErrors(runs.fieldErrors);
      // The split's messages come keyed by its field (split.featureShards) from the request check, as split from the handler.
      const splitError = Object.entries(runs.fieldErrors).find(([field]) => field === 'split' || field.startsWith('split.'))?.[1];
      runOn.hostError = id ? null : (runs.fieldErrors.queue ?? splitError ?? null);
    } finally {
      starting.value = false;
    }
  }

  function reset(): void {
    form.value = defaultForm();
    hostErrors.value = {};
  }

  return {
    backbones,
    datasets,
    catalogError,
    form,
    starting,
    startedRunId,
    backbone,
    dataset,
    presets,
    exitChoices,
    check,
    errors,
    warnings,
    valid,
    loadCatalog,
    setField,
    chooseBackbone,
    showHostErrors,
    start,
    reset,
  };
});
