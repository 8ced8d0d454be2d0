import { z } from 'zod';

/** How a sweep submitted to a queue is spread over its workers. */
export interface QueueSplit {
  /** The feature pass cut into this many index-range shards, filled by free workers into one store (1: not cut). */
  featureShards: number;
  /** The α values trained as one job each on free workers once the heads exist (false: every α on one worker). */
  fanOutAlphas: boolean;
}

export const MAX_FEATURE_SHARDS = 256;

export const DEFAULT_SPLIT: QueueSplit = { featureShards: 1, fanOutAlphas: true };

const SHARDS_RANGE = `between 1 and ${MAX_FEATURE_SHARDS}`;

export const queueSplitSchema = z
  .object({
    featureShards: z.number().int(`A whole number of shards, ${SHARDS_RANGE}.`).min(1, `At least 1 shard (1: the pass is not cut).`).max(MAX_FEATURE_SHARDS, `At most ${MAX_FEATURE_SHARDS} shards.`),
    fanOutAlphas: z.boolean(),
  })
  .strict();

/** Reads a shard count as a user types it (a form field, a CLI flag), with what is wrong in words that mend it. */
export function parseFeatureShards(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, error: `Give a number of shards, ${SHARDS_RANGE} (1: the pass is not cut).` };
  // A sign is read, so "-1" gets the range message rather than "not a whole number".
  if (!/^[-+]?\d+$/.test(trimmed)) return { ok: false, error: `"${trimmed}" is not a whole number of shards.` };
  const value = Number(trimmed);
  if (value < 1 || value > MAX_FEATURE_SHARDS) return { ok: false, error: `Between 1 and ${MAX_FEATURE_SHARDS} (got ${trimmed}).` };
  return { ok: true, value };
}

/** The split a run's record says it was sent with, when it says (runs from before the split was recorded do not). */
export function recordedSplit(queue: Partial<QueueSplit> | null | undefined): QueueSplit | undefined {
  const parsed = queueSplitSchema.safeParse({ featureShards: queue?.featureShards, fanOutAlphas: queue?.fanOutAlphas });
  return parsed.success ? parsed.data : undefined;
}
