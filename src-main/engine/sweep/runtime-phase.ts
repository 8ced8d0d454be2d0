import type * as tf from '@tensorflow/tfjs';
import { disposeRuntimeBatches, RuntimeTimer, runtimeBatchesOf } from '../evaluate/runtime-timer';
import type { SweepData } from './data-phase';
import type { SweepContext } from './sweep-context';

/** What times real early exit during the sweep: the timer, and a batch to profile each exit's latency on. */
export interface SweepRuntime {
  /** Null when there is no test image to time on. */
  timer: RuntimeTimer | null;
  profileBatch: tf.Tensor4D | null;
  dispose(): void;
}

/** Real early exit is timed on the first test images, against this backbone (with its new classifier, if any). */
export async function runtimePhase(ctx: SweepContext, data: SweepData, backbone: tf.LayersModel, exitLayers: string[]): Promise<SweepRuntime> {
  if (ctx.timeRuntime === false) return { timer: null, profileBatch: null, dispose: () => undefined };
  const batches = await runtimeBatchesOf(data.testSet, data.split.test, ctx.spec.makeInput, ctx.batchSize);
  return {
    timer: batches.batched.length ? new RuntimeTimer(backbone, exitLayers, batches) : null,
    profileBatch: batches.batched[0] ?? null,
    dispose: () => disposeRuntimeBatches(batches),
  };
}
