import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { finishedAlpha } from '@api/finished-alpha';
import type { RunDetail, SampleRow } from '@api/models';
import { useApi } from '../api/instance';
import { errorMessage } from '@api/formats';

export type CorrectFilter = 'all' | 'correct' | 'incorrect';

/**
 * The exit-browser domain: for one run and α, the test images that left at one exit, filtered and paged, with their
 * thumbnails cached by sample index. Only the answer to the latest request lands.
 */
export const useExitBrowserStore = defineStore('exitBrowser', () => {
  const run = ref<RunDetail | null>(null);
  const alphaIndex = ref(0);
  const exit = ref(0);
  const correct = ref<CorrectFilter>('all');
  const label = ref<number | null>(null);
  const page = ref(0);
  const pageSize = ref(24);
  const rows = ref<SampleRow[]>([]);
  const total = ref(0);
  const images = ref<Record<number, string>>({});
  const loading = ref(false);
  const error = ref<string | null>(null);
  const enlarged = ref<SampleRow | null>(null);
  let ticket = 0;

  const pages = computed(() => Math.max(1, Math.ceil(total.value / pageSize.value)));
  /** The learned-gate test point of this α (its own, not one of its threshold sweep's): how many left at each exit. */
  const point = computed(() => {
    const r = run.value;
    const alpha = r?.alphasDone[alphaIndex.value];
    return r?.points.find((p) => alpha !== undefined && finishedAlpha(p) === alpha && !p.curve) ?? null;
  });

  function className(value: number): string {
    return run.value?.classNames[value] ?? String(value);
  }

  async function load(): Promise<void> {
    const r = run.value;
    if (!r) return;
    const mine = ++ticket;
    loading.value = true;
    try {
      const api = useApi();
      const result = await api.querySamples({
        runId: r.id,
        alphaIndex: alphaIndex.value,
        exit: exit.value,
        ...(correct.value === 'all' ? {} : { correct: correct.value === 'correct' }),
        ...(label.value === null ? {} : { label: label.value }),
        offset: page.value * pageSize.value,
        limit: pageSize.value,
      });
      const missing = result.rows.map((row) => row.index).filter((i) => !(i in images.value));
      const fetched = missing.length ? await api.exampleImages({ runId: r.id, indices: missing }) : [];
      if (mine !== ticket) return;
      rows.value = result.rows;
      total.value = result.total;
      images.value = { ...images.value, ...Object.fromEntries(fetched.map((im) => [im.index, im.dataUrl])) };
      error.value = null;
    } catch (e) {
      if (mine !== ticket) return;
      rows.value = [];
      total.value = 0;
      error.value = errorMessage(e);
    } finally {
      if (mine === ticket) loading.value = false;
    }
  }

  /** A new run starts from its first exit with no filters; another α of the same run keeps them. */
  async function open(next: RunDetail, nextAlpha: number): Promise<void> {
    if (run.value?.id !== next.id) {
      exit.value = 0;
      correct.value = 'all';
      label.value = null;
      images.value = {};
    }
    run.value = next;
    alphaIndex.value = nextAlpha;
    page.value = 0;
    enlarged.value = null;
    await load();
  }

  function refilter(apply: () => void): Promise<void> {
    apply();
    page.value = 0;
    return load();
  }
  const setExit = (value: number) => refilter(() => (exit.value = value));
  const setCorrect = (value: CorrectFilter) => refilter(() => (correct.value = value));
  const setLabel = (value: number | null) => refilter(() => (label.value = value));
  function setPage(value: number): Promise<void> {
    page.value = Math.min(Math.max(0, value), pages.value - 1);
    return load();
  }
  function enlarge(row: SampleRow | null): void {
    enlarged.value = row;
  }

  return { run, alphaIndex, exit, correct, label, page, pageSize, rows, total, images, loading, error, enlarged, pages, point, className, open, setExit, setCorrect, setLabel, setPage, enlarge };
});
