import type { LossSample } from '../../src-shared/api/events';
import type { SweepConfig } from '../engine/config';
import type { Phase, SweepEvent, SweepResult } from '../engine/sweep-types';
import type { BatchStats } from './event-batcher';
import type { Shard } from '../engine/train/feature-shards';
import type { ShardFill } from '../engine/train/feature-shard-fill';


/** Many engine progress events folded into one: the latest position plus the loss curves' new points. */
export interface ProgressBatch {
  type: 'progress';
  phase: Phase;
  done: number;
  total: number;
  etaSeconds: number | null;
  losses: LossSample[];
}

export type BatchedEvent = Exclude<SweepEvent, { type: 'progress' }> | ProgressBatch;

export interface BackendReport {
  name: string;
  detail: string;
}

export type HostToWorker =
  /** `seq` numbers the worker's jobs, for the shared stop flag (see `WorkerData.control`). */
  | { type: 'start'; jobId: string; seq: number; config: SweepConfig; workspace: string; backend?: string; cacheDir?: string; resume?: boolean; until?: 'gates'; timeRuntime?: boolean; shard?: Shard }
  | { type: 'stop'; jobId: string }
  | { type: 'backend'; backend?: string };

export type WorkerToHost =
  | { type: 'ready' }
  | { type: 'events'; jobId: string; events: BatchedEvent[] }
  | { type: 'done'; jobId: string; result: SweepResult; stats: BatchStats }
  | { type: 'filled'; jobId: string; fill: ShardFill }
  | { type: 'failed'; jobId: string; message: string; stats?: BatchStats }
  | { type: 'backend'; info: BackendReport | null; error?: string };

/** Host and worker only ever exchange these shapes; anything else is a bug on one side and must be loud. */
export function assertHostMessage(message: unknown): asserts message is HostToWorker {
  const type = typeof message === 'object' && message !== null && 'type' in message ? message.type : undefined;
  if (type !== 'start' && type !== 'stop' && type !== 'backend') {
    throw new Error(`Worker got an unknown message type: ${JSON.stringify(type ?? message)}`);
  }
}
