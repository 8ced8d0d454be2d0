import { describe, expect, it } from 'vitest';
import type { BatchedEvent } from '../worker/protocol';
import { ShardProgress } from './shard-progress';

const features = (done: number, total: number, eta: number | null): BatchedEvent => ({ type: 'progress', phase: 'features', done, total, etaSeconds: eta, losses: [] });

describe('ShardProgress', () => {
  it('announces the pass once and sums the shards, counting the unheard ones at the mean size', () => {
    const p = new ShardProgress();
    const first = p.take({ index: 0, of: 3 }, [{ type: 'phase', phase: 'backbone', message: 'x' }, features(2, 10, 8)]);
    expect(first).toEqual([{ type: 'phase', phase: 'features', message: 'Backbone pass, cut into 3 shards that free workers fill' }, { ...features(2, 30, null) }]);
    expect(p.take({ index: 1, of: 3 }, [features(5, 12, 3)])).toEqual([features(7, 33, null)]);
    // Every shard heard from: the slowest running one's ETA.
    expect(p.take({ index: 2, of: 3 }, [features(1, 11, 20)])).toEqual([features(8, 33, 20)]);
    expect(p.take({ index: 2, of: 3 }, [features(11, 11, 0)])).toEqual([features(18, 33, 8)]);
  });

  it("passes a shard's log lines on, and nothing of its other phases", () => {
    const p = new ShardProgress();
    const log: BatchedEvent = { type: 'log', message: 'Feature shard 1 of 2: 3 of its 3 batches computed, the rest found done.' };
    expect(p.take({ index: 1, of: 2 }, [{ type: 'progress', phase: 'backbone', done: 1, total: 2, etaSeconds: 1, losses: [] }, log])).toEqual([log]);
  });
});
