import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { finishedAlpha } from '../../src-main/api/finished-alpha';
import type { FrontierPoint, RunDetail } from '../../src-main/api/models';
import { useApi } from '../api/instance';
import { budgetTable, frontierSeries, type FrontierAxis } from './frontier-data';
import { omitKey } from './omit-key';

/** The results domain: one run's frontier, the x axis, and the point the user selected. */
export const useFrontierStore = defineStore('frontier', () => {
  const run = ref<RunDetail | null>(null);
  const axis = ref<FrontierAxis>('cost');
  const selected = ref<FrontierPoint | null>(null);
  const error = ref<string | null>(null);

  /** Other runs whose learned-gate frontiers are drawn over this one, by id. */
  const overlays = ref<Record<string, RunDetail>>({});
  const series = computed(() => (run.value ? frontierSeries(run.value.points, axis.value) : []));
  const overlaySeries = computed(() =>
    Object.values(overlays.value)
      .filter((r) => r.id !== run.value?.id)
      .map((r) => ({ run: r, series: frontierSeries(r.points, axis.value).find((s) => s.policy === 'leenet') }))
      .filter((o): o is { run: RunDetail; series: NonNullable<typeof o.series> } => !!o.series),
  );
  const table = computed(() => (run.value ? budgetTable(run.value.points) : []));

  async function open(runId: string): Promise<void> {
    try {
      run.value = await useApi().getRun({ runId });
      selected.value = run.value.points.find((p) => finishedAlpha(p) !== null) ?? null;
      error.value = null;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  async function toggleOverlay(runId: string): Promise<void> {
    if (overlays.value[runId]) {
      overlays.value = omitKey(overlays.value, runId) as Record<string, RunDetail>;
      return;
    }
    try {
      const detail = await useApi().getRun({ runId });
      overlays.value = { ...overlays.value, [runId]: detail };
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  /** A deleted or renamed run leaves the chart, or shows its new name. */
  function forget(runId: string): void {
    overlays.value = omitKey(overlays.value, runId) as Record<string, RunDetail>;
    if (run.value?.id === runId) {
      run.value = null;
      selected.value = null;
    }
  }

  function rename(runId: string, name: string): void {
    if (run.value?.id === runId) run.value = { ...run.value, name };
    const o = overlays.value[runId];
    if (o) overlays.value = { ...overlays.value, [runId]: { ...o, name } };
  }

  function select(point: FrontierPoint | null): void {
    selected.value = point;
  }

  function setAxis(value: FrontierAxis): void {
    axis.value = value;
  }

  return { run, axis, selected, error, series, table, overlays, overlaySeries, open, select, setAxis, toggleOverlay, forget, rename };
});
