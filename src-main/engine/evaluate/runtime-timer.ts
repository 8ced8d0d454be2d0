import * as tf from '@tensorflow/tfjs';
import { batchOf } from '../data/batches';
import type { ImageSet } from '../data/types';
import { earlyExitBatch, type EarlyExitModel } from './early-exit-runtime';
import { SegmentedBackbone } from './segmented-backbone';

/**
 * How many test images real early exit is timed on, in what batches, and how many one at a time. ImageNet-size
 * backbones (forward batches under 256) get fewer: each image costs ~100× a CIFAR one on a CPU.
 */
export function runtimeSampleSizes(forwardBatch: number): { batch: number; images: number; single: number } {
  const big = forwardBatch < 256;
  const batch = Math.min(64, forwardBatch);
  return { batch, images: big ? batch : 128, single: big ? 4 : 16 };
}

/** Test images the sweep times real early exit on: batches of 64, and single images. */
export interface RuntimeBatches {
  batched: tf.Tensor4D[];
  single: tf.Tensor4D[];
}

/**
 * The first test images, as input tensors: batches (`runtimeSampleSizes`) and single images. The caller disposes
 * them (`disposeRuntimeBatches`).
 */
export async function runtimeBatchesOf(set: ImageSet, testIdx: Int32Array, makeInput: (set: ImageSet, idx: Int32Array) => tf.Tensor4D, forwardBatch: number): Promise<RuntimeBatches> {
  const sizes = runtimeSampleSizes(forwardBatch);
  const idx = testIdx.subarray(0, Math.min(testIdx.length, sizes.images));
  const inputsOf = async (rows: Int32Array) => {
    const part = await batchOf(set, rows);
    return makeInput(part.set, part.idx);
  };
  const batches: RuntimeBatches = { batched: [], single: [] };
  try {
    for (let start = 0; start < idx.length; start += sizes.batch) batches.batched.push(await inputsOf(idx.subarray(start, start + sizes.batch)));
    for (const i of idx.subarray(0, sizes.single)) batches.single.push(await inputsOf(Int32Array.of(i)));
    return batches;
  } catch (e) {
    disposeRuntimeBatches(batches);
    throw e;
  }
}

export function disposeRuntimeBatches(batches: RuntimeBatches): void {
  tf.dispose([...batches.batched, ...batches.single]);
}

export interface BatchTiming {
  earlyMsPerImage: number;
  fullMsPerImage: number;
  /** full / early: the speedup actually measured. */
  speedup: number;
  images: number;
  batchSize: number;
}

export interface RuntimeMeasurement extends BatchTiming {
  /** The same at batch size 1, where per-exit overhead is not shared by a batch. */
  single: BatchTiming | null;
}

const time = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

/**
 * Times early exit against the plain backbone on fixed test batches. The plain backbone is timed once per run, not
 * per operating point. Each batch runs `repeats` times and the fastest is kept — other work on the machine only
 * adds time, so the minimum is the steadiest estimate of what the code itself costs; a warm-up is not counted.
 */
export class RuntimeTimer {
  private fullMs: Map<tf.Tensor4D[], Promise<number>> = new Map();

  constructor(
    private readonly backbone: tf.LayersModel,
    private readonly exitLayers: string[],
    private readonly batches: RuntimeBatches,
    private readonly repeats = 2,
  ) {}

  private async best(batches: tf.Tensor4D[], run: (x: tf.Tensor4D) => Promise<unknown>): Promise<number> {
    await run(batches[0]);
    let total = 0;
    for (const x of batches) {
      let best = Infinity;
      for (let r = 0; r < this.repeats; r++) best = Math.min(best, await time(() => run(x)));
      total += best;
    }
    return total;
  }

  private full(batches: tf.Tensor4D[]): Promise<number> {
    let ms = this.fullMs.get(batches);
    if (!ms) {
      ms = this.best(batches, async (x) => {
        const y = this.backbone.predict(x) as tf.Tensor;
        await y.data();
        y.dispose();
      });
      this.fullMs.set(batches, ms);
    }
    return ms;
  }

  private async timing(model: EarlyExitModel, batches: tf.Tensor4D[]): Promise<BatchTiming | null> {
    if (!batches.length) return null;
    const seg = new SegmentedBackbone(this.backbone, this.exitLayers);
    const early = await this.best(batches, (x) => earlyExitBatch(model, seg, x));
    const full = await this.full(batches);
    const images = batches.reduce((a, x) => a + x.shape[0], 0);
    return { earlyMsPerImage: early / images, fullMsPerImage: full / images, speedup: full / early, images, batchSize: batches[0].shape[0] };
  }

  async measure(model: EarlyExitModel): Promise<RuntimeMeasurement> {
    const batched = await this.timing(model, this.batches.batched);
    if (!batched) throw new Error('No test images to time early exit on.');
    return { ...batched, single: await this.timing(model, this.batches.single) };
  }
}
