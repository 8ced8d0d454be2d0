import type { SweepConfig } from '../engine/config';
import type { SweepOptions, SweepResult } from '../engine/sweep-types';
import { createEventBatcher } from './event-batcher';
import type { FeatureShardOptions } from '../engine/sweep/feature-shard';
import type { Shard } from '../engine/train/feature-shards';
import type { ShardFill } from '../engine/train/feature-shard-fill';
import { assertHostMessage, type BackendReport, type WorkerToHost } from './protocol';
import { errorMessage } from '../engine/util/error-message';

export interface Engine {
  runSweep(config: SweepConfig, options: SweepOptions): Promise<SweepResult>;
  /** A queue's shard job (absent from test engines that never get one). */
  runFeatureShard?(config: SweepConfig, options: FeatureShardOptions): Promise<ShardFill>;
  probeBackend(request?: string): Promise<BackendReport>;
}

export interface JobRunner {
  /** Handles one message from the host; throws on a message it does not know. */
  handle(message: unknown): void;
}

export interface JobRunnerOptions {
  intervalMs?: number;
  /**
   * Whether the host has asked job `seq` to stop, read without the event loop (a shared-memory flag). tfjs on the
   * wasm and cpu backends resolves its awaits as microtasks, so a stop *message* may wait seconds for its turn.
   */
  stopRequested?: (seq: number) => boolean;
}

/**
 * The worker's logic, free of `worker_threads` so tests can drive it directly: one job at a time, its events
 * batched, a stop turned into the engine's abort signal, and every ending reported exactly once.
 */
export function createJobRunner(engine: Engine, post: (message: WorkerToHost) => void, options: JobRunnerOptions = {}): JobRunner {
  const stopRequested = options.stopRequested ?? (() => false);
  let active: { jobId: string; controller: AbortController } | null = null;

  const start = (jobId: string, seq: number, config: SweepConfig, sweep: Omit<SweepOptions, 'onEvent' | 'signal' | 'runId'>, shard?: Shard) => {
    if (active) {
      post({ type: 'failed', jobId, message: `The worker is busy with ${active.jobId}.` });
      return;
    }
    const controller = new AbortController();
    active = { jobId, controller };
    const batcher = createEventBatcher((events) => post({ type: 'events', jobId, events }), options.intervalMs);
    const finish = (message: WorkerToHost) => {
      batcher.flush();
      batcher.dispose();
      active = null;
      post(message);
    };
    const onEvent: SweepOptions['onEvent'] = (event) => {
      // The engine reports every few batches and checks the signal between batches: the flag is read here.
      if (!controller.signal.aborted && stopRequested(seq)) controller.abort();
      batcher.push(event);
    };
    const failed = (e: unknown) => finish({ type: 'failed', jobId, message: errorMessage(e), stats: batcher.stats });
    if (shard) {
      if (!engine.runFeatureShard) return failed(new Error('This engine cannot fill feature shards.'));
      engine.runFeatureShard(config, { ...sweep, shard, signal: controller.signal, onEvent }).then((fill) => finish({ type: 'filled', jobId, fill }), failed);
      return;
    }
    engine.runSweep(config, { ...sweep, runId: jobId, signal: controller.signal, onEvent }).then((result) => finish({ type: 'done', jobId, result, stats: batcher.stats }), failed);
  };

  return {
    handle(message) {
      assertHostMessage(message);
      switch (message.type) {
        case 'start':
          start(message.jobId, message.seq, message.config, { workspace: message.workspace, backend: message.backend, cacheDir: message.cacheDir, resume: message.resume, until: message.until, timeRuntime: message.timeRuntime }, message.shard);
          return;
        case 'stop':
          if (active?.jobId === message.jobId) active.controller.abort();
          return;
        case 'backend':
          engine.probeBackend(message.backend).then(
            (info) => post({ type: 'backend', info }),
            (e: unknown) => post({ type: 'backend', info: null, error: errorMessage(e) }),
          );
          return;
      }
    },
  };
}
