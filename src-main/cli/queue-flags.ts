import { DEFAULT_SPLIT, parseFeatureShards } from '../../src-shared/api/queue-split';
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

export interface QueueChoice {
  url: string;
  shards: number;
  fanOutAlphas: boolean;
}

/** The queue the flags name, checked, or undefined to run here. */
export function parseQueueFlags(values: { queue?: string; shards?: string; 'no-alpha-fan-out'?: boolean }): QueueChoice | undefined {
  const queue = values.queue === undefined ? undefined : parseQueueUrl(values.queue);
  if (queue && !queue.ok) throw new UsageError(`--queue: ${queue.error}`);
  if (!queue && (values.shards !== undefined || values['no-alpha-fan-out'])) throw new UsageError('--shards and --no-alpha-fan-out go with --queue URL.');
  const shards = values.shards === undefined ? { ok: true as const, value: DEFAULT_SPLIT.featureShards } : parseFeatureShards(values.shards);
  if (!shards.ok) throw new UsageError(`--shards: ${shards.error}`);
  return queue?.ok ? { url: queue.target.url, shards: shards.value, fanOutAlphas: !values['no-alpha-fan-out'] } : undefined;
}
