import type * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { access, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageDataset } from '../data/types';
import { materialise } from '../data/batches';
import { backboneAccuracy, trainBackbone } from '../train/train-backbone';
import { resourcesDir } from '../util/paths';
import type { BackboneSpec } from './catalog';
import { loadLayersModel, saveLayersModel } from './model-io';
import { providePretrained, usesPretrained } from './provide-pretrained';

export interface BackboneProvision {
  model: tf.LayersModel;
  source: 'shipped' | 'cache' | 'trained' | 'pretrained';
  key: string;
  dir: string;
}

export interface ProvideOptions {
  spec: BackboneSpec;
  dataset: ImageDataset;
  /** Training samples (indices into dataset.train): never the validation or test split. */
  trainIdx: Int32Array;
  /** Samples of the test set to report the trained backbone's accuracy on (in meta.json). */
  testIdx?: Int32Array;
  seed: number;
  epochs: number;
  cacheDir: string;
  onTrainStart?: (reason: string) => void;
  onProgress?: (done: number, total: number, loss: number | undefined) => void;
  signal?: AbortSignal;
  /** Pretrained weights (a PyTorch state dict in safetensors) instead of training on the split. */
  weights?: string;
}

export interface BackboneMeta {
  key: string;
  backbone: string;
  dataset: string;
  trainSamples: number;
  epochs: number;
  seed: number;
  trainSeconds: number;
  /** Accuracy of its own classifier on the test samples it was given, where the dataset has a test set. */
  testAccuracy: number | null;
  testSamples: number;
}

/** Identifies a trained backbone by everything that shaped its weights. */
export function backboneKey(opts: Pick<ProvideOptions, 'spec' | 'dataset' | 'trainIdx' | 'seed' | 'epochs'>): string {
  const h = createHash('sha256');
  // v: the training recipe; bump it when trainBackbone changes so stale caches are not reused.
  h.update(JSON.stringify({ v: 2, backbone: opts.spec.name, dataset: opts.dataset.spec, seed: opts.seed, epochs: opts.epochs }));
  h.update(new Uint8Array(opts.trainIdx.buffer, opts.trainIdx.byteOffset, opts.trainIdx.byteLength));
  return `${opts.spec.name}-${h.digest('hex').slice(0, 16)}`;
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

/** Where trained weights for this split already are (shipped with the app, or cached), or null: they must be trained. */
export async function trainedBackboneSource(opts: Pick<ProvideOptions, 'spec' | 'dataset' | 'trainIdx' | 'seed' | 'epochs' | 'cacheDir'>): Promise<'shipped' | 'cache' | null> {
  const key = backboneKey(opts);
  if (await exists(path.join(resourcesDir(), 'weights', key, 'model.json'))) return 'shipped';
  if (await exists(path.join(opts.cacheDir, 'backbones', key, 'model.json'))) return 'cache';
  return null;
}

/**
 * Weights trained on exactly this split: shipped in `resources/weights/<key>`, else cached under the cache folder,
 * else trained now on the training split only (so validation and test stay unseen) and cached.
 */
export async function provideBackbone(opts: ProvideOptions): Promise<BackboneProvision> {
  if (usesPretrained(opts.spec, opts.weights)) {
    return providePretrained({ spec: opts.spec, weights: opts.weights, cacheDir: opts.cacheDir, onLog: opts.onTrainStart, signal: opts.signal });
  }
  const key = backboneKey(opts);
  const shipped = path.join(resourcesDir(), 'weights', key);
  if (await exists(path.join(shipped, 'model.json'))) return { model: await loadLayersModel(shipped), source: 'shipped', key, dir: shipped };
  const cached = path.join(opts.cacheDir, 'backbones', key);
  if (await exists(path.join(cached, 'model.json'))) return { model: await loadLayersModel(cached), source: 'cache', key, dir: cached };

  opts.onTrainStart?.(
    `No trained ${opts.spec.name} for this split yet: training it on ${opts.trainIdx.length} images for ${opts.epochs} epochs (cached for next time).`,
  );
  const model = opts.spec.build(opts.seed, opts.dataset.classNames.length);
  try {
    return { model, source: 'trained', key, dir: await trainAndCache(model, key, cached, opts) };
  } catch (e) {
    // Whatever failed — training, the test pass, the disk — the half-made model goes with it.
    model.dispose();
    throw e;
  }
}

/** Trains the fresh model on the training split, measures it on test, and saves it with its meta under `dir`. */
async function trainAndCache(model: tf.LayersModel, key: string, dir: string, opts: ProvideOptions): Promise<string> {
  const started = Date.now();
  // Image folders stream from disk; training revisits every image each epoch, so the split is decoded once.
  const train = await materialise(opts.dataset.train, opts.trainIdx);
  await trainBackbone(model, train.set, train.idx, {
    epochs: opts.epochs,
    seed: opts.seed,
    makeInput: opts.spec.makeInput,
    onProgress: opts.onProgress,
    signal: opts.signal,
  });
  const trainSeconds = (Date.now() - started) / 1000;
  const test = opts.dataset.test;
  const testPart = test && opts.testIdx ? await materialise(test, opts.testIdx) : null;
  const testAccuracy = testPart ? await backboneAccuracy(model, testPart.set, testPart.idx, opts.spec.makeInput) : null;
  // Whole or not at all, and safe when several workers sharing a cache train the same weights at once (a queue's
  // feature shards): each saves beside the folder, the first rename wins, the others' identical copies go.
  const partial = `${dir}.partial-${process.pid}-${Date.now().toString(36)}`;
  await saveLayersModel(model, partial);
  const meta: BackboneMeta = {
    key,
    backbone: opts.spec.name,
    dataset: opts.dataset.spec,
    trainSamples: opts.trainIdx.length,
    epochs: opts.epochs,
    seed: opts.seed,
    trainSeconds,
    testAccuracy,
    testSamples: opts.testIdx?.length ?? 0,
  };
  await writeFile(path.join(partial, 'meta.json'), JSON.stringify(meta, null, 2));
  try {
    await rename(partial, dir);
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    if (!(await exists(path.join(dir, 'model.json')))) throw e;
  }
  return dir;
}

export async function readBackboneMeta(dir: string): Promise<BackboneMeta | null> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8')) as BackboneMeta;
  } catch {
    return null;
  }
}
