import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FrontierPoint, RunDetail } from '@api/models';
import { useApi } from '../api/instance';
import { budgetView } from '../view-models/budget-view';
import { exitTable } from '../view-models/exit-table';
import { frontierSeries, isAlphaPoint, sweptPointCount, type FrontierAxis } from '../view-models/frontier-data';
import { chartEdge, policyEnvelopes } from '../view-models/frontier-envelope';
import { bestPolicySegments } from '../view-models/best-policy-strip';
import { dominators } from '../view-models/frontier-dominance';
import { dropReference, type DropReferenceKind } from '../view-models/drop-reference';
import { omitKey } from '../util/omit-key';
import { errorMessage } from '@api/formats';
import { overlayColour } from '../charts/palette';
import { useRunsStore } from './runs';
import { latestOnly } from '../util/latest-only';

/** The results domain: one run's frontier, the x axis, and the point the user selected. */
export const useFrontierStore = defineStore('frontier', () => {
  const run = ref<RunDetail | null>(null);
  const axis = ref<FrontierAxis>('cost');
  const selected = ref<FrontierPoint | null>(null);
  const error = ref<string | null>(null);
  /** Every swept point, not only the operating points, their envelopes and the α points. */
  const showThresholds = ref(false);
  /** The ±1 standard-error band around each envelope. */
  const showErrorBand = ref(true);
  /** What every "drop" is measured against, in the budget table and the dial. */
  const dropReferenceKind = ref<DropReferenceKind>('backbone');

  /** Other runs whose learned-gate frontiers are drawn over this one, by id. */
  const overlays = ref<Record<string, RunDetail>>({});
  const series = computed(() =>
    run.value ? frontierSeries(run.value.points, axis.value, { gateTarget: run.value.config.gateTarget, thresholds: showThresholds.value }) : [],
  );
  const alphaPoints = computed(() => (run.value?.points ?? []).filter(isAlphaPoint).length);
  const thresholdPoints = computed(() => sweptPointCount(run.value?.points ?? []));
  /** Test images behind every accuracy (null: a run from before split sizes were recorded). */
  const testSize = computed(() => run.value?.splitSizes?.test ?? null);
  /** Points drawn on the chart that another drawn point beats on both axes, each with one that beats it. */
  const dominance = computed(() => dominators([...new Set(series.value.filter((s) => s.role !== 'envelope').flatMap((s) => s.points.map((d) => d.point)))]));
  /** The best policy at each budget, for the strip under the x axis. */
  const strip = computed(() => {
    const points = run.value?.points ?? [];
    const edge = chartEdge(points);
    return edge ? bestPolicySegments(policyEnvelopes(points), edge, testSize.value) : [];
  });
  const dropRef = computed(() => (run.value ? dropReference(run.value.points, run.value.exits.map((e) => e.name), dropReferenceKind.value) : null));
  const overlaySeries = computed(() => {
    const colours = useRunsStore().colours;
    return Object.values(overlays.value)
      .filter((r) => r.id !== run.value?.id)
      .map((r, i) => ({ run: r, colour: colours[r.id] ?? overlayColour(i), series: frontierSeries(r.points, axis.value).find((s) => s.policy === 'leenet' && s.role === 'envelope') }))
      .filter((o): o is { run: RunDetail; colour: string; series: NonNullable<typeof o.series> } => !!o.series);
  });
  const budget = computed(() => (run.value ? budgetView(run.value, dropReferenceKind.value) : null));
  const exits = computed(() => (run.value ? exitTable(run.value.exitReports, run.value.config.cost, run.value.latency) : null));

  // Only the latest request opens: the newest run opened on start must not land over one the user opened since.
  const opening = latestOnly();
  async function open(runId: string): Promise<void> {
    await opening.run(() => useApi().getRun({ runId }), {
      answer: (detail) => {
        run.value = detail;
        // An α's own operating point, not a point of its threshold sweep (which carries the α too).
        selected.value = detail.points.find(isAlphaPoint) ?? null;
        error.value = null;
      },
      error: (e) => (error.value = errorMessage(e)),
    });
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

  function setShowErrorBand(on: boolean): void {
    showErrorBand.value = on;
  }

  function setDropReference(kind: DropReferenceKind): void {
    dropReferenceKind.value = kind;
  }

  return {
    run,
    axis,
    selected,
    error,
    showThresholds,
    showErrorBand,
    dropReferenceKind,
    dropReference: dropRef,
    testSize,
    dominance,
    strip,
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
    setShowErrorBand,
    setDropReference,
    toggleOverlay,
    forget,
    rename,
  };
});
