import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FrontierPoint, RunDetail } from '@api/models';
import { useApi } from '../api/instance';
import { budgetView } from '../view-models/budget-view';
import { exitTable } from '../view-models/exit-table';
import { frontierSeries, isAlphaPoint, type FrontierAxis } from '../view-models/frontier-data';
import { omitKey } from '../util/omit-key';
import { errorMessage } from '@api/formats';
import { overlayColour } from '../charts/palette';
import { useRunsStore } from './runs';

/** The results domain: one run's frontier, the x axis, and the point the user selected. */
export const useFrontierStore = defineStore('frontier', () => {
  const run = ref<RunDetail | null>(null);
  const axis = ref<FrontierAxis>('cost');
  const selected = ref<FrontierPoint | null>(null);
  const error = ref<string | null>(null);
  /** Every threshold-sweep point of the learned gates, not only their envelope and α points. */
  const showThresholds = ref(false);

  /** Other runs whose learned-gate frontiers are drawn over this one, by id. */
  const overlays = ref<Record<string, RunDetail>>({});
  const series = computed(() =>
    run.value ? frontierSeries(run.value.points, axis.value, { gateTarget: run.value.config.gateTarget, thresholds: showThresholds.value }) : [],
  );
  const alphaPoints = computed(() => (run.value?.points ?? []).filter(isAlphaPoint).length);
  const thresholdPoints = computed(() => (run.value?.points ?? []).filter((p) => p.policy === 'leenet' && p.split === 'test' && p.curve).length);
  const overlaySeries = computed(() => {
    const colours = useRunsStore().colours;
    return Object.values(overlays.value)
      .filter((r) => r.id !== run.value?.id)
      .map((r, i) => ({ run: r, colour: colours[r.id] ?? overlayColour(i), series: frontierSeries(r.points, axis.value).find((s) => s.policy === 'leenet' && s.role === 'frontier') }))
      .filter((o): o is { run: RunDetail; colour: string; series: NonNullable<typeof o.series> } => !!o.series);
  });
  const budget = computed(() => (run.value ? budgetView(run.value) : null));
  const exits = computed(() => (run.value ? exitTable(run.value.exitReports, run.value.config.cost, run.value.latency) : null));

  /** The run asked for last: a slower answer for one asked before it must not replace it. */
  let wanted: string | null = null;
  async function open(runId: string): Promise<void> {
    wanted = runId;
    try {
      const detail = await useApi().getRun({ runId });
      if (wanted !== runId) return;
      run.value = detail;
      // An α's own operating point, not a point of its threshold sweep (which carries the α too).
      selected.value = run.value.points.find(isAlphaPoint) ?? null;
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
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
      error.value = errorMessage(e);
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

  function setShowThresholds(on: boolean): void {
    showThresholds.value = on;
  }

  return {
    run,
    axis,
    selected,
    error,
    showThresholds,
    series,
    alphaPoints,
    thresholdPoints,
    budget,
    exits,
    overlays,
    overlaySeries,
    open,
    select,
    setAxis,
    setShowThresholds,
    toggleOverlay,
    forget,
    rename,
  };
});
