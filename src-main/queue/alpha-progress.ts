import type { BatchedEvent, ProgressBatch } from '../worker/protocol';
import { lastTime, placeAlphaLosses, type AlphaSlot } from './alpha-losses';
import { PartsProgress } from './parts-progress';

/**
 * One run's gates as its α jobs train them on several workers, seen as the one gates phase a local run shows: a phase
 * line once, progress summed over the α values (those not started yet count as not begun), the slowest running α's
 * ETA, and each α's losses at the steps and wall time a local run would give them. The ETA is unknown while some α
 * has not started: when it starts depends on when a worker comes free.
 */
export class AlphaProgress {
  private readonly alphas = new PartsProgress();
  private announced = false;
  /** When the run's own job last reported (its heads), the wall time the α jobs' curves follow on. */
  private timeBase = 0;

  /** The sweep job's own events: they set where the α jobs' wall time starts. */
  seen(events: readonly BatchedEvent[]): void {
    const progress = events.filter((e): e is ProgressBatch => e.type === 'progress');
    this.timeBase = Math.max(this.timeBase, lastTime(progress));
  }

  /** What an α job's events become for the run's watchers: its gates' progress and curves, nothing else of it. */
  take(slot: AlphaSlot, events: readonly BatchedEvent[]): BatchedEvent[] {
    const out: BatchedEvent[] = [];
    for (const e of events) {
      if (e.type !== 'progress' || e.phase !== 'gates') continue;
      if (!this.announced) {
        this.announced = true;
        out.push({ type: 'phase', phase: 'gates', message: `Training gates with the LEENet loss for ${slot.of} α values, fanned out over free workers` });
      }
      this.alphas.report(slot.index, e.done, e.total, e.etaSeconds);
      const placed = placeAlphaLosses(e, slot, this.timeBase);
      out.push({ ...placed, done: this.alphas.done, etaSeconds: this.alphas.eta(slot.of) });
    }
    return out;
  }
}
