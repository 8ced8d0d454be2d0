import { parseFeatureShards, type QueueSplit } from '../../src-shared/api/queue-split';
import { parseQueueUrl } from '../../src-shared/api/queue-url';
import { UsageError } from './usage-error';

/** The flags that send a sweep (`leenet sweep`, `leenet resume`) to a queue's workers instead of running it here. */
export const QUEUE_FLAGS = {
  queue: { type: 'string' },
  shards: { type: 'string' },
  'no-alpha-fan-out': { type: 'boolean' },
} as const;

export const QUEUE_FLAGS_USAGE = `  --queue URL         submit to the workers of a Redis queue (leenet worker --queue URL) instead of running here;
                      live progress as here, Ctrl-C stops it, the finished run lands in --workspace
  --shards N          with --queue: cut the feature pass into N index-range shards for free workers (their
                      --cache-dir must be one shared path)
  --no-alpha-fan-out  with --queue: train every α on one worker instead of fanning them out once the heads exist`;

/** A queue the flags name, and what they say of the split: the caller fills in the rest (defaults, a run's record). */
export interface QueueFlags {
  url: string;
  split: Partial<QueueSplit>;
}

/** The queue the flags name, checked, or undefined to run here. */
export function parseQueueFlags(values: { queue?: string; shards?: string; 'no-alpha-fan-out'?: boolean }): QueueFlags | undefined {
  const queue = values.queue === undefined ? undefined : parseQueueUrl(values.queue);
  if (queue && !queue.ok) throw new UsageError(`--queue: ${queue.error}`);
  if (!queue && (values.shards !== undefined || values['no-alpha-fan-out'])) throw new UsageError('--shards and --no-alpha-fan-out go with --queue URL.');
  const shards = values.shards === undefined ? undefined : parseFeatureShards(values.shards);
  if (shards && !shards.ok) throw new UsageError(`--shards: ${shards.error}`);
  if (!queue?.ok) return undefined;
  return { url: queue.target.url, split: { ...(shards?.ok && { featureShards: shards.value }), ...(values['no-alpha-fan-out'] && { fanOutAlphas: false }) } };
}
