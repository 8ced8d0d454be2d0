import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { RunEvent } from '../../src-main/api/events';
import { appendLosses, gateStepOffset, groupOf, type CurveGroup, type Curves } from '../live/loss-curves';

/** A snapshot the charts draw: copies, so curves that keep growing behind a paused chart never reach it. */
export interface CurveSnapshot {
  runId: string;
  groups: { group: CurveGroup; series: { name: string; points: { step: number; loss: number }[] }[] }[];
}

const ORDER: CurveGroup[] = ['backbone', 'heads', 'final', 'gates'];

/**
 * The live-curves domain: every run's loss curves as they stream in (kept in plain maps, outside Vue's reactivity),
 * and the view settings — which run, smoothing, log scale, paused. `snapshot` only changes when a batch of events
 * lands while not paused, once per animation frame at most.
 */
export const useLiveCurvesStore = defineStore('liveCurves', () => {
  const curves = new Map<string, Curves>();
  const alphas = new Map<string, number[]>();
  const gateTotals = new Map<string, number>();
  const shownRun = ref<string | null>(null);
  const smoothing = ref(0.6);
  const logScale = ref(false);
  const paused = ref(false);
  const snapshot = shallowRef<CurveSnapshot | null>(null);
  /** Points that arrived while paused, so the user sees that the run goes on. */
  const heldBack = ref(0);
  /** Until the user picks a run, the view follows whichever run is streaming. */
  let followNewest = true;

  function take(runId: string): CurveSnapshot {
    const run: Curves = curves.get(runId) ?? new Map();
    const groups = ORDER.map((group) => ({
      group,
      series: [...run]
        .filter(([name]) => groupOf(name) === group)
        .map(([name, points]) => ({ name, points: points.map((p) => ({ ...p })) })),
    })).filter((g) => g.series.length > 0);
    return { runId, groups };
  }

  function refresh(): void {
    if (paused.value) return;
    snapshot.value = shownRun.value ? take(shownRun.value) : null;
    heldBack.value = 0;
  }

  /** Folds a frame's worth of run events in; the newest run with losses is shown unless the user picked one. */
  function ingest(events: RunEvent[]): void {
    let changed = false;
    for (const event of events) {
      if (event.type === 'queued') alphas.set(event.runId, event.run.alphas);
      if (event.type !== 'progress' || !event.losses.length) continue;
      if (event.phase === 'gates') gateTotals.set(event.runId, event.total);
      const run: Curves = curves.get(event.runId) ?? new Map();
      curves.set(event.runId, run);
      const runAlphas = alphas.get(event.runId) ?? [];
      const total = gateTotals.get(event.runId) ?? 0;
      appendLosses(run, event.losses, (s) => (groupOf(s.series) === 'gates' ? s.step - gateStepOffset(s.series, runAlphas, total) : s.step));
      if (shownRun.value === null || !curves.has(shownRun.value) || followNewest) shownRun.value = event.runId;
      if (event.runId === shownRun.value) {
        changed = true;
        if (paused.value) heldBack.value += event.losses.length;
      }
    }
    if (changed) refresh();
  }

  function show(runId: string | null): void {
    followNewest = runId === null;
    shownRun.value = runId;
    snapshot.value = runId ? take(runId) : null;
  }

  /** Known before its first loss arrives (e.g. from the runs list), so gate curves of an older run overlay too. */
  function rememberAlphas(runId: string, values: number[]): void {
    if (!alphas.has(runId)) alphas.set(runId, values);
  }

  function setPaused(value: boolean): void {
    paused.value = value;
    if (!value) refresh();
  }

  return { shownRun, smoothing, logScale, paused, heldBack, snapshot, ingest, show, rememberAlphas, setPaused };
});
