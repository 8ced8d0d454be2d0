import type { Shard } from '../engine/train/feature-shards';
import type { BatchedEvent, ProgressBatch } from '../worker/protocol';

/**
 * One run's feature pass as its shard jobs fill it on several workers, seen as the one pass a local run shows: a
 * phase line once, then progress summed over the shards (the shards not heard from yet counted at the mean size of
 * those heard from), the ETA of the slowest. Their other phases (data, backbone) are the sweep's to show when it runs.
 */
export class ShardProgress {
  private readonly shards = new Map<number, { done: number; total: number; eta: number | null }>();
  private announced = false;

  /** What a shard job's events become for the run's watchers. */
  take(shard: Shard, events: BatchedEvent[]): BatchedEvent[] {
    const out: BatchedEvent[] = [];
    for (const e of events) {
      if (e.type === 'log') out.push(e);
      if (e.type !== 'progress' || e.phase !== 'features') continue;
      if (!this.announced) {
        this.announced = true;
        out.push({ type: 'phase', phase: 'features', message: `Backbone pass, cut into ${shard.of} shards that free workers fill` });
      }
      this.shards.set(shard.index, { done: e.done, total: e.total, eta: e.etaSeconds });
      out.push(this.sum(shard.of));
    }
    return out;
  }

  private sum(of: number): ProgressBatch {
    const heard = [...this.shards.values()];
    const done = heard.reduce((a, s) => a + s.done, 0);
    const total = heard.reduce((a, s) => a + s.total, 0);
    const etas = heard.filter((s) => s.done < s.total).map((s) => s.eta);
    return {
      type: 'progress',
      phase: 'features',
      done,
      total: Math.round((total / heard.length) * of),
      // Unknown while a running shard has none yet, or while some shard has not reported at all.
      etaSeconds: heard.length < of || etas.some((t) => t === null) ? null : Math.max(0, ...(etas as number[])),
      losses: [],
    };
  }
}
