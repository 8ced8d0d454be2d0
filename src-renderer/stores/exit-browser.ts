import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { finishedAlpha } from '@api/finished-alpha';
import type { ExitStats, RunDetail, SampleRow } from '@api/models';
import { useApi } from '../api/instance';
import { errorMessage } from '@api/formats';
import { NO_FILTERS, sampleFilterParams, type SampleFilters } from '../view-models/sample-filters';
import { classLabeller } from '../view-models/sample-labels';
import { latestOnly } from '../util/latest-only';

export type { CorrectFilter, VersusFilter } from '../view-models/sample-filters';

/**
 * The exit-browser domain: for one run and α, its test images filtered, sorted and paged, the exit × class counts
 * behind the heatmap and confusion pairs, thumbnails cached by sample index, and the one sample enlarged (by its
 * position in the filtered, sorted list, so prev/next walk across pages). Only the answer to the latest request lands.
 */
export const useExitBrowserStore = defineStore('exitBrowser', () => {
  const run = ref<RunDetail | null>(null);
  const alphaIndex = ref(0);
  const filters = ref<SampleFilters>({ ...NO_FILTERS });
  const page = ref(0);
  const pageSize = ref(24);
  const rows = ref<SampleRow[]>([]);
  /** Where `rows` start in the filtered list: the page they were asked for, which `page` runs ahead of while loading. */
  const rowsOffset = ref(0);
  const total = ref(0);
  const images = ref<Record<number, string>>({});
  const loading = ref(false);
  const error = ref<string | null>(null);
  const stats = ref<ExitStats | null>(null);
  const statsError = ref<string | null>(null);
  const statsLoading = ref(false);
  /** Position of the enlarged sample in the whole filtered list; the row stays shown while its page loads. */
  const enlargedAt = ref<number | null>(null);
  const enlarged = ref<SampleRow | null>(null);
  const pageRequests = latestOnly();
  const statsRequests = latestOnly();

  const pages = computed(() => Math.max(1, Math.ceil(total.value / pageSize.value)));
  const offset = computed(() => page.value * pageSize.value);
  /** The learned-gate test point of this α (its own, not one of its threshold sweep's): how many left at each exit. */
  const point = computed(() => {
    const r = run.value;
    const alpha = r?.alphasDone[alphaIndex.value];
    return r?.points.find((p) => alpha !== undefined && finishedAlpha(p) === alpha) ?? null;
  });
  const alpha = computed(() => run.value?.alphasDone[alphaIndex.value]);
  const exitNames = computed(() => run.value?.exits.map((e) => e.name) ?? []);
  /** Classes the filters offer: the run's names, else as many as the heatmap has columns. */
  const classCount = computed(() => run.value?.classNames.length || (stats.value?.cells[0]?.length ?? 0));
  const className = (c: number): string => classLabeller(run.value?.classNames ?? [])(c);

  function showEnlarged(): void {
    if (enlargedAt.value === null) return;
    const row = rows.value[enlargedAt.value - rowsOffset.value];
    if (row) enlarged.value = row;
  }

  async function load(): Promise<void> {
    const r = run.value;
    if (!r) return;
    loading.value = true;
    await pageRequests.run(
      async () => {
        const api = useApi();
        const result = await api.querySamples({
          runId: r.id,
          alphaIndex: alphaIndex.value,
          ...sampleFilterParams(filters.value),
          offset: offset.value,
          limit: pageSize.value,
        });
        const missing = result.rows.map((row) => row.index).filter((i) => !(i in images.value));
        const fetched = missing.length ? await api.exampleImages({ runId: r.id, indices: missing }) : [];
        return { result, fetched };
      },
      {
        answer: ({ result, fetched }) => {
          rows.value = result.rows;
          rowsOffset.value = result.offset;
          total.value = result.total;
          images.value = { ...images.value, ...Object.fromEntries(fetched.map((im) => [im.index, im.dataUrl])) };
          error.value = null;
          showEnlarged();
        },
        error: (e) => {
          rows.value = [];
          rowsOffset.value = 0;
          total.value = 0;
          error.value = errorMessage(e);
        },
        settled: () => (loading.value = false),
      },
    );
  }

  async function loadStats(): Promise<void> {
    const r = run.value;
    if (!r) return;
    statsLoading.value = true;
    await statsRequests.run(() => useApi().exitStats({ runId: r.id, alphaIndex: alphaIndex.value }), {
      answer: (answer) => {
        stats.value = answer;
        statsError.value = null;
      },
      error: (e) => {
        stats.value = null;
        statsError.value = errorMessage(e);
      },
      settled: () => (statsLoading.value = false),
    });
  }

  function closeDetail(): void {
    enlargedAt.value = null;
    enlarged.value = null;
  }

  /** A new run starts with no filters (the sort, a way of looking, stays); another α of the same run keeps them. */
  async function open(next: RunDetail, nextAlpha: number): Promise<void> {
    if (run.value?.id !== next.id) {
      filters.value = { ...NO_FILTERS, sort: filters.value.sort };
      images.value = {};
      stats.value = null;
    }
    run.value = next;
    await setAlpha(nextAlpha);
  }

  async function setAlpha(index: number): Promise<void> {
    alphaIndex.value = index;
    page.value = 0;
    closeDetail();
    await Promise.all([load(), loadStats()]);
  }

  /** Narrows (or widens) the grid: back to its first page. */
  function refine(patch: Partial<SampleFilters>): Promise<void> {
    filters.value = { ...filters.value, ...patch };
    page.value = 0;
    closeDetail();
    return load();
  }
  const clearFilters = () => refine({ ...NO_FILTERS, sort: filters.value.sort });
  /** A heatmap cell: the images of this class that left at this exit. */
  const showCell = (exit: number, label: number) => refine({ exit, label, predicted: null });
  /** A confusion pair: those of this class this exit took for the other (all wrong, so the correct filter goes). */
  const showConfusion = (exit: number, label: number, predicted: number) => refine({ exit, label, predicted, correct: 'all' });

  function setPage(value: number): Promise<void> {
    page.value = Math.min(Math.max(0, value), pages.value - 1);
    return load();
  }

  /** Opens the sample at this position of the filtered, sorted list, loading its page when it is on another. */
  async function enlarge(position: number | null): Promise<void> {
    if (position === null) return closeDetail();
    if (position < 0 || position >= total.value) return;
    enlargedAt.value = position;
    const onPage = Math.floor(position / pageSize.value);
    if (onPage === page.value) showEnlarged();
    else await setPage(onPage);
  }
  /** Prev (-1) / next (+1) from the enlarged sample; nothing past either end. */
  function step(delta: number): Promise<void> {
    return enlargedAt.value === null ? Promise.resolve() : enlarge(enlargedAt.value + delta);
  }

  return {
    run,
    alphaIndex,
    alpha,
    filters,
    page,
    pageSize,
    rows,
    rowsOffset,
    total,
    images,
    loading,
    error,
    stats,
    statsError,
    statsLoading,
    enlargedAt,
    enlarged,
    pages,
    point,
    exitNames,
    classCount,
    className,
    open,
    setAlpha,
    refine,
    clearFilters,
    showCell,
    showConfusion,
    setPage,
    enlarge,
    step,
  };
});
