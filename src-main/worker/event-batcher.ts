import type { SweepEvent } from '../engine/sweep-types';
import type { LossSample } from '../../src-shared/api/events';
import type { BatchedEvent, ProgressBatch } from './protocol';

interface SeriesWindow {
  /** Steps sent one by one (the curve's first FULL_STEPS). */
  steps: LossSample[];
  /** The rest of the window, folded into its mean. */
  sum: number;
  count: number;
  step: number;
  /** Seconds since the batcher (the job) started, at the window's last step. */
  time: number;
}

interface OpenProgress {
  batch: Omit<ProgressBatch, 'losses'>;
  series: Map<string, SeriesWindow>;
}

export interface BatchStats {
  /** Events the engine reported. */
  events: number;
  /** Messages sent for them. */
  messages: number;
}

export interface EventBatcher {
  push(event: SweepEvent): void;
  readonly stats: BatchStats;
  /** Sends whatever is buffered now (at the end of a job, before its result). */
  flush(): void;
  dispose(): void;
}

/**
 * Reported steps of a curve that are sent one by one before it is folded into a mean per message: a short phase (the
 * gates of one α, a few epochs of heads) keeps every step it reported, a long one stays bounded at ~10 points a second.
 */
export const FULL_STEPS = 1000;

/**
 * The engine may report hundreds of steps a second; the UI needs ~10 updates. Events are buffered and sent at most
 * once per `intervalMs`, in order, with consecutive progress events of one phase folded into one (latest position;
 * per curve its first `fullSteps` losses one by one, then the mean over the window). Phase, point and log events are
 * never dropped.
 */
export function createEventBatcher(send: (events: BatchedEvent[]) => void, intervalMs = 100, fullSteps = FULL_STEPS): EventBatcher {
  let buffer: (BatchedEvent | OpenProgress)[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastSent = -Infinity;
  const stats: BatchStats = { events: 0, messages: 0 };
  const started = Date.now();
  /** Steps sent one by one so far, per curve. */
  const kept = new Map<string, number>();

  const close = (item: BatchedEvent | OpenProgress): BatchedEvent => {
    if (!('series' in item && 'batch' in item)) return item;
    const losses = [...item.series].flatMap(([series, w]) => (w.count ? [...w.steps, { series, step: w.step, loss: w.sum / w.count, time: w.time }] : w.steps));
    return { ...item.batch, losses };
  };

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (buffer.length === 0) return;
    const events = buffer.map(close);
    buffer = [];
    lastSent = Date.now();
    stats.messages += 1;
    send(events);
  };

  const schedule = () => {
    if (timer) return;
    timer = setTimeout(flush, Math.max(0, lastSent + intervalMs - Date.now()));
  };

  const addProgress = (event: Extract<SweepEvent, { type: 'progress' }>) => {
    const last = buffer[buffer.length - 1];
    let open: OpenProgress;
    if (last && 'batch' in last && last.batch.phase === event.phase) {
      open = last;
    } else {
      open = { batch: { type: 'progress', phase: event.phase, done: 0, total: 0, etaSeconds: null }, series: new Map() };
      buffer.push(open);
    }
    open.batch.done = event.done;
    open.batch.total = event.total;
    open.batch.etaSeconds = event.etaSeconds ?? null;
    const add = (series: string, loss: number) => {
      if (!Number.isFinite(loss)) return;
      const w = open.series.get(series) ?? { steps: [], sum: 0, count: 0, step: 0, time: 0 };
      open.series.set(series, w);
      const time = Math.round(Date.now() - started) / 1000;
      const sent = kept.get(series) ?? 0;
      if (sent < fullSteps) {
        kept.set(series, sent + 1);
        w.steps.push({ series, step: event.done, loss, time });
        return;
      }
      w.sum += loss;
      w.count += 1;
      w.step = event.done;
      w.time = time;
    };
    if (event.series !== undefined && event.loss !== undefined) add(event.series, event.loss);
    // The LEENet loss's two terms are curves of their own: `gate:α=0.5` → `gate-ce:α=0.5`, `gate-cost:α=0.5`.
    if (event.series?.startsWith('gate:') && event.parts) {
      add(event.series.replace('gate:', 'gate-ce:'), event.parts.ce);
      add(event.series.replace('gate:', 'gate-cost:'), event.parts.cost);
    }
  };

  return {
    stats,
    push(event) {
      stats.events += 1;
      if (event.type === 'progress') addProgress(event);
      else buffer.push(event);
      // Flushed from here when due, not only from the timer: while tfjs computes, timers may not get a turn.
      if (Date.now() - lastSent >= intervalMs) flush();
      else schedule();
    },
    flush,
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      buffer = [];
    },
  };
}
