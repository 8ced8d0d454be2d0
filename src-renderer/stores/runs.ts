import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { LeenetError } from '@api/envelope';
import type { RunEvent } from '@api/events';
import { finishedAlpha } from '@api/finished-alpha';
import type { RunSummary } from '@api/models';
import type { QueueSplit } from '@api/queue-split';
import { useApi } from '../api/instance';
import { frameBatcher, type Scheduler } from '../live/frame-batch';
import { applyRunEvent, emptyLiveRun, type LiveRun } from '../live/live-run';
import { useLiveCurvesStore } from './live-curves';
import { omitKey } from '../util/omit-key';
import { runColours } from '../view-models/run-colours';
import { errorMessage } from '@api/formats';

const ENDINGS: RunEvent['type'][] = ['queued', 'started', 'finished', 'stopped', 'failed'];

/** The runs domain: the list, each active run's live progress, starting and stopping. */
export const useRunsStore = defineStore('runs', () => {
  const runs = ref<RunSummary[]>([]);
  const live = ref<Record<string, LiveRun>>({});
  const error = ref<string | null>(null);
  const fieldErrors = ref<Record<string, string>>({});

  const hasActive = computed(() => runs.value.some((r) => r.status === 'queued' || r.status === 'running'));
  /** Each run's colour, in the runs list and wherever a chart draws the run. */
  const colours = computed(() => runColours(runs.value));

  async function refresh(): Promise<void> {
    try {
      runs.value = await useApi().listRuns();
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  /** Returns the new run's id, or null with `error` / `fieldErrors` set. `queue`: a Redis queue URL to submit to. */
  /** Starts a run here, or on a queue (`queue.url`) spread as `queue.split` says. */
  async function start(config: unknown, name?: string, queue?: { url: string; split?: QueueSplit }): Promise<string | null> {
    error.value = null;
    fieldErrors.value = {};
    try {
      const { runId } = await useApi().startRun({ config, name, ...(queue && { queue: queue.url, ...(queue.split && { split: queue.split }) }) });
      return runId;
    } catch (e) {
      error.value = errorMessage(e);
      if (e instanceof LeenetError) fieldErrors.value = e.fields;
      return null;
    }
  }

  async function stop(runId: string): Promise<void> {
    try {
      await useApi().stopRun({ runId });
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  /** Stops the running sweep, else the first queued one (Ctrl+.); nothing when none is going. */
  async function stopActive(): Promise<void> {
    const active = runs.value.find((r) => r.status === 'running') ?? runs.value.find((r) => r.status === 'queued');
    if (active) await stop(active.id);
  }

  /** Takes a stopped, failed or interrupted run up again under its own id, here or on a queue (spread as it last was). */
  async function resume(runId: string, queueUrl?: string): Promise<void> {
    error.value = null;
    try {
      await useApi().resumeRun({ runId, ...(queueUrl !== undefined && { queue: queueUrl }) });
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  /** Returns the message when the host refused (empty name, run gone), null when renamed. */
  async function rename(runId: string, name: string): Promise<string | null> {
    try {
      const renamed = await useApi().renameRun({ runId, name });
      runs.value = runs.value.map((r) => (r.id === runId ? { ...r, name: renamed.name } : r));
      return null;
    } catch (e) {
      if (e instanceof LeenetError && e.fields.name) return e.fields.name;
      return errorMessage(e);
    }
  }

  async function remove(runId: string): Promise<boolean> {
    try {
      await useApi().deleteRun({ runId });
      runs.value = runs.value.filter((r) => r.id !== runId);
      live.value = omitKey(live.value, runId) as Record<string, LiveRun>;
      return true;
    } catch (e) {
      error.value = errorMessage(e);
      return false;
    }
  }

  function apply(event: RunEvent): void {
    live.value = { ...live.value, [event.runId]: applyRunEvent(live.value[event.runId] ?? emptyLiveRun(), event) };
    if (ENDINGS.includes(event.type)) {
      void refresh();
      // A user-timing mark per state change, so a profile (and `npm run bench:ui`) can tell streaming from after.
      if (typeof performance !== 'undefined') performance.mark(`run:${event.type}`, { detail: { runId: event.runId } });
    }
    // A finished α shows in the list at once, without waiting for the run to end.
    const alpha = event.type === 'point' ? finishedAlpha(event.point) : null;
    if (alpha !== null) {
      runs.value = runs.value.map((r) => (r.id === event.runId && !r.alphasDone.includes(alpha) ? { ...r, alphasDone: [...r.alphasDone, alpha] } : r));
    }
  }

  /**
   * Subscribes to run events; returns the unsubscribe. Events are applied once per animation frame, together, and
   * the live curves get the same batch, so a streaming run costs one render per frame at most.
   */
  function listen(schedule?: Scheduler): () => void {
    const curves = useLiveCurvesStore();
    const push = frameBatcher<RunEvent>((events) => {
      for (const event of events) apply(event);
      curves.ingest(events);
    }, schedule);
    return useApi().onRunEvent(push);
  }

  return { runs, live, error, fieldErrors, hasActive, colours, refresh, start, stop, stopActive, resume, rename, remove, listen };
});
