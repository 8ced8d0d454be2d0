import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { RunEvent } from '@api/events';
import type { LossRecord } from '@api/models';
import { useApi } from '../api/instance';
import { appendLosses, byAlpha, gateStepOffset, GROUP_ORDER, groupOf, isGateGroup, type CurveGroup, type CurvePoint, type Curves } from '../live/loss-curves';
import type { XAxisKind } from '../view-models/loss-axis';
import { legendClick } from '../view-models/legend-visibility';
import { errorMessage } from '@api/formats';
import { latestOnly } from '../util/latest-only';

/** A snapshot the charts draw: copies, so curves that keep growing behind a paused chart never reach it. */
export interface CurveSnapshot {
  runId: string;
  /** The run's α values in order (empty when unknown), so an α keeps its colour while the others' curves arrive. */
  alphas: number[];
  groups: { group: CurveGroup; series: { name: string; points: CurvePoint[] }[] }[];
}

/**
 * The live-curves domain: every run's loss curves as they stream in (kept in plain maps, outside Vue's reactivity),
 * and the view settings — the run shown (the streaming one, else the open one), smoothing, log scale, x-axis, the
 * combined gate loss, the curves hidden from the legend, paused. `snapshot` only changes when a batch of events lands
 * while not paused, once per animation frame at most.
 */
export const useLiveCurvesStore = defineStore('liveCurves', () => {
  const curves = new Map<string, Curves>();
  const alphas = new Map<string, number[]>();
  const gateTotals = new Map<string, number>();
  const shownRun = ref<string | null>(null);
  const smoothing = ref(0.6);
  const logScale = ref(false);
  const paused = ref(false);
  const xAxis = ref<XAxisKind>('step');
  /** The gate loss itself beside its two terms (runs without the terms always draw it). */
  const showGateLoss = ref(false);
  /** Legend keys of hidden curves (`α=0.3`, `stage1`): the gate charts share their α, so one α hides in all of them. */
  const hidden = ref<string[]>([]);
  const snapshot = shallowRef<CurveSnapshot | null>(null);
  /** Points that arrived while paused, so the user sees that the run goes on. */
  const heldBack = ref(0);
  const error = ref<string | null>(null);
  /** Loss logs being fetched for stored runs: only the latest open's answer is shown. */
  const opening = latestOnly();

  type Series = CurveSnapshot['groups'][number]['series'][number];
  type Group = CurveSnapshot['groups'][number];
  /** What the last snapshot copied from: a series whose array and length are unchanged is handed over as it was. */
  let copied = new Map<string, { source: CurvePoint[]; length: number; series: Series }>();
  let lastGroups = new Map<CurveGroup, Group>();
  let lastRun: string | null = null;

  /**
   * Copies only the curves that grew since the last snapshot and keeps every unchanged series and group the same
   * object, so a chart whose curves did not change is not redrawn (while gates stream, only the gates chart is).
   * appendLosses only appends points or replaces the whole array, never edits a point: array and length tell.
   */
  function take(runId: string): CurveSnapshot {
    if (runId !== lastRun) {
      copied = new Map();
      lastGroups = new Map();
      lastRun = runId;
    }
    const run: Curves = curves.get(runId) ?? new Map();
    const nextCopied: typeof copied = new Map();
    const groups: Group[] = [];
    for (const group of GROUP_ORDER) {
      const series: Series[] = [];
      for (const [name, points] of run) {
        if (groupOf(name) !== group) continue;
        const before = copied.get(name);
        const same = before?.source === points && before.length === points.length;
        const entry = same ? before : { source: points, length: points.length, series: { name, points: points.slice() } };
        nextCopied.set(name, entry);
        series.push(entry.series);
      }
      if (!series.length) continue;
      // α curves in α order, whatever order the α values were typed in (their colours follow it).
      if (isGateGroup(group)) series.sort((a, b) => byAlpha(a.name, b.name));
      const previous = lastGroups.get(group);
      const unchanged = previous?.series.length === series.length && previous.series.every((x, i) => x === series[i]);
      groups.push(unchanged ? previous : { group, series });
    }
    copied = nextCopied;
    lastGroups = new Map(groups.map((g) => [g.group, g]));
    return { runId, alphas: [...(alphas.get(runId) ?? [])].sort((a, b) => a - b), groups };
  }

  function refresh(): void {
    if (paused.value) return;
    snapshot.value = shownRun.value ? take(shownRun.value) : null;
    heldBack.value = 0;
  }

  function add(runId: string, record: LossRecord): void {
    if (record.phase === 'gates') gateTotals.set(runId, record.total);
    const run: Curves = curves.get(runId) ?? new Map();
    curves.set(runId, run);
    const runAlphas = alphas.get(runId) ?? [];
    const total = gateTotals.get(runId) ?? 0;
    appendLosses(run, record.losses, (s) => (isGateGroup(groupOf(s.series)) ? s.step - gateStepOffset(s.series, runAlphas, total) : s.step));
  }

  /** Folds a frame's worth of run events in; the run whose losses arrived last is the one shown. */
  function ingest(events: RunEvent[]): void {
    let changed = false;
    for (const event of events) {
      if (event.type === 'queued') alphas.set(event.runId, event.run.alphas);
      if (event.type !== 'progress' || !event.losses.length) continue;
      add(event.runId, event);
      opening.forget();
      shownRun.value = event.runId;
      changed = true;
      if (paused.value) heldBack.value += event.losses.length;
    }
    if (changed) refresh();
  }

  /**
   * Shows a run that is not streaming, e.g. one opened after a restart: its curves come from the loss log the host
   * saved with it. Only the latest open counts (a slow log for a run opened before must not replace the one opened
   * since), and a run that starts streaming meanwhile takes the panel over.
   */
  async function openStored(runId: string, runAlphas: number[]): Promise<void> {
    const show = (): void => {
      error.value = null;
      shownRun.value = runId;
      snapshot.value = take(runId);
    };
    if (curves.has(runId)) {
      opening.forget();
      show();
      return;
    }
    await opening.run(() => useApi().runLosses({ runId }), {
      answer: (log) => {
        alphas.set(runId, runAlphas);
        for (const record of log) add(runId, record);
        if (!log.length) curves.set(runId, new Map());
        show();
      },
      error: (e) => (error.value = errorMessage(e)),
    });
  }

  /** A deleted run's curves go too; the panel falls back to nothing rather than to a run that is gone. */
  function forget(runId: string): void {
    curves.delete(runId);
    alphas.delete(runId);
    gateTotals.delete(runId);
    if (shownRun.value === runId) {
      shownRun.value = null;
      snapshot.value = null;
    }
  }

  function setPaused(value: boolean): void {
    paused.value = value;
    if (!value) refresh();
  }

  /** A legend click on `key` among a chart's `keys`: isolate it, or bring all back, or (`toggleOne`) hide or show it. */
  function pickLegend(keys: readonly string[], key: string, toggleOne: boolean): void {
    hidden.value = legendClick(hidden.value, keys, key, toggleOne);
  }

  // Another run's curves start with every curve shown.
  watch(shownRun, () => (hidden.value = []));

  return { shownRun, smoothing, logScale, xAxis, showGateLoss, hidden, paused, heldBack, error, snapshot, ingest, openStored, forget, setPaused, pickLegend };
});
