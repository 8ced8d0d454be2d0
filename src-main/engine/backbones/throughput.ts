import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { totalCost } from '../exits/costs';
import type { BackboneSpec } from './catalog';
import { loadLayersModel } from './model-io';
import { forwardBatchSize } from './preprocess';

export interface Throughput {
  backbone: string;
  backend: string;
  batch: number;
  imagesPerSecond: number;
  /** Inference FLOPs per image (a multiply-add counts 2). */
  flopsPerImage: number;
  params: number;
  /** Bytes of one image's largest activation, to size batches in memory. */
  peakActivationBytes: number;
  measuredAt: string;
}

/** Builds (or loads) the backbone with random weights: enough for timing and shapes. */
export async function modelForShapes(spec: BackboneSpec): Promise<tf.LayersModel> {
  return spec.modelDir ? loadLayersModel(spec.modelDir) : spec.build(0, spec.pretrained?.classes ?? 10);
}

/**
 * Forward throughput of the backbone on the active tfjs backend: one warm-up batch, then timed batches until a
 * second has passed (at least one). Batch size is the one the feature pass uses, capped to keep this quick.
 */
export async function measureThroughput(spec: BackboneSpec, model?: tf.LayersModel, batch = Math.min(8, forwardBatchSize(spec.input))): Promise<Throughput> {
  const m = model ?? (await modelForShapes(spec));
  const x = tf.randomUniform([batch, ...spec.input], -1, 1, 'float32', 1);
  try {
    const run = async () => {
      const y = m.predict(x) as tf.Tensor;
      try {
        await y.data();
      } finally {
        y.dispose();
      }
    };
    await run();
    let images = 0;
    const start = performance.now();
    do {
      await run();
      images += batch;
    } while (performance.now() - start < 1000);
    const seconds = (performance.now() - start) / 1000;
    const peak = Math.max(...m.layers.map((l) => ((Array.isArray(l.outputShape[0]) ? l.outputShape[0] : l.outputShape) as (number | null)[]).slice(1).reduce<number>((a, d) => a * (d ?? 1), 1)));
    return {
      backbone: spec.name,
      backend: tf.getBackend(),
      batch,
      imagesPerSecond: images / seconds,
      flopsPerImage: totalCost(m, 'flops'),
      params: totalCost(m, 'params'),
      peakActivationBytes: 4 * peak,
      measuredAt: new Date().toISOString(),
    };
  } finally {
    x.dispose();
    if (!model) m.dispose();
  }
}

const memo = new Map<string, Throughput>();

/** Measured once per backend and backbone, then remembered in memory and in `<cacheDir>/throughput.json`. */
export async function knownThroughput(spec: BackboneSpec, cacheDir: string, model?: () => Promise<tf.LayersModel>): Promise<Throughput> {
  const key = `${tf.getBackend()}:${spec.name}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const file = path.join(cacheDir, 'throughput.json');
  const table = await readFile(file, 'utf8').then((s) => JSON.parse(s) as Record<string, Throughput>, () => ({}) as Record<string, Throughput>);
  if (table[key] && !spec.modelDir) {
    memo.set(key, table[key]);
    return table[key];
  }
  const t = await measureThroughput(spec, model ? await model() : undefined);
  memo.set(key, t);
  await mkdir(cacheDir, { recursive: true });
  await writeFile(file, JSON.stringify({ ...table, [key]: t }, null, 2));
  return t;
}
