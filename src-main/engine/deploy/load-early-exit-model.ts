import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadLayersModel } from '../backbones/model-io';
import { normalisedInput, unitScaledInput } from '../backbones/preprocess';
import type { ImageSet } from '../data/types';
import { earlyExitBatch, type EarlyExitModel, type EarlyExitOutput } from '../evaluate/early-exit-runtime';
import { DenseNet } from '../exits/dense-net';
import { DenseExitHead } from '../exits/head-model';
import { convState, netState } from '../runs/policy-bundle';
import { ConvHead } from '../exits/conv-head';
import type { ExitHeadModel } from '../exits/head-model';
import { parseSafetensors } from '../weights/safetensors';
import { EXITS_WEIGHTS_FILE, MANIFEST_FILE, manifestSchema, type EarlyExitManifest } from './manifest';
import { ModelSegments } from './segment-runner';
import type { SegmentRunner } from '../evaluate/segmented-backbone';
import { errorMessage } from '../util/error-message';

/** One image as decoded pixels: row-major HWC uint8, 1 (grey) or 3 (RGB) channels, any size the model accepts. */
export interface RawImage {
  data: Uint8Array;
  height: number;
  width: number;
  channels: number;
}

export interface EarlyExitPrediction {
  classIndex: number;
  className: string;
  /** Calibrated softmax probability of the class at the exit taken. */
  confidence: number;
  exit: number;
  exitName: string;
}

export interface LoadedEarlyExitModel {
  readonly manifest: EarlyExitManifest;
  /** The pieces the predictor runs (for profiling and custom loops): the exits and the segment runner. */
  readonly network: { model: EarlyExitModel; runner: SegmentRunner };
  /** Decoded images → one prediction each, with real early exit (the batch shrinks as samples leave). */
  predict(images: RawImage[]): Promise<EarlyExitPrediction[]>;
  /** The model's input tensor [B, H, W, C] for decoded images (preprocessing of the manifest). Caller owns it. */
  preprocess(images: RawImage[]): tf.Tensor4D;
  /** Early exit on an already preprocessed batch. */
  predictBatch(x: tf.Tensor4D): Promise<EarlyExitOutput>;
  /** The plain backbone on the same batch (every segment, no exit): the class per sample, for timing against. */
  predictFull(x: tf.Tensor4D): Promise<Int32Array>;
  dispose(): void;
}

/** A folder that is not a usable exported model: the message names the file and the problem. */
export class ModelFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFolderError';
  }
}

async function readManifest(dir: string): Promise<EarlyExitManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ModelFolderError(`${dir} is not an exported early-exit model (cannot read ${MANIFEST_FILE}: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}). Export one with: leenet export RUN_ID --speedup 2 --out DIR`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelFolderError(`${file} is not valid JSON: ${errorMessage(e)}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelFolderError(`${file} is not a LEENet model manifest: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  const m = parsed.data;
  const heads = m.convHeads?.length ?? m.heads.length;
  if (m.segments.length !== m.exits.length || heads !== m.exits.length - 1 || m.temperatures.length !== m.exits.length) {
    throw new ModelFolderError(`${file}: ${m.exits.length} exits, but ${m.segments.length} segments, ${heads} heads and ${m.temperatures.length} temperatures.`);
  }
  return m;
}

/**
 * Loads a folder written by `leenet export` (or `exportEarlyExitModel`) and returns a predictor that runs it with
 * real early exit. The caller disposes it when done.
 */
export async function loadEarlyExitModel(dir: string): Promise<LoadedEarlyExitModel> {
  const manifest = await readManifest(dir);
  const weightsFile = path.join(dir, EXITS_WEIGHTS_FILE);
  const weights = parseSafetensors(await readFile(weightsFile).catch((e: Error) => Promise.reject(new ModelFolderError(`Cannot read ${weightsFile}: ${e.message}`))), weightsFile);
  const segments: { model: tf.LayersModel; inputs: string[]; outputs: string[] }[] = [];
  const nets: { dispose(): void }[] = [];
  try {
    for (const s of manifest.segments) segments.push({ model: await loadLayersModel(path.join(dir, s.path)), inputs: s.inputs, outputs: s.outputs });
    const heads: ExitHeadModel[] = [];
    const keep = <T extends { dispose(): void }>(x: T): T => (nets.push(x), x);
    for (const [k, spec] of (manifest.convHeads ?? []).entries()) heads.push(keep(ConvHead.fromState(convState(weights, `head.${k}`, spec))));
    if (!manifest.convHeads) for (const [k, spec] of manifest.heads.entries()) heads.push(keep(new DenseExitHead(DenseNet.fromState(netState(weights, `head.${k}`, spec)))));
    const rule = manifest.rule;
    const gates = rule.kind === 'gates' ? rule.gates.map((spec, k) => keep(DenseNet.fromState(netState(weights, `gate.${k}`, spec)))) : [];
    const runner = new ModelSegments(segments);
    const model: EarlyExitModel = {
      exitLayers: manifest.exits.slice(0, -1).map((e) => e.name),
      heads,
      gates,
      pooling: manifest.pooling,
      grid: manifest.grid,
      gateInput: rule.kind === 'gates' ? rule.gateInput : undefined,
      rule: rule.kind === 'gates' ? { kind: 'gates', threshold: rule.threshold } : rule,
      temperatures: manifest.temperatures,
    };
    const [h, w, c] = manifest.input.shape;
    const pre = manifest.input.preprocess;
    const toInput = pre.kind === 'normalise' ? normalisedInput(pre, c) : unitScaledInput(h, w, c);
    const preprocess = (images: RawImage[]): tf.Tensor4D =>
      tf.tidy(() => {
        if (!images.length) throw new RangeError('No images to predict.');
        const parts = images.map((img, i) => {
          if (pre.kind === 'unit' && (img.height !== h || img.width !== w || img.channels !== c)) {
            throw new RangeError(`Image ${i + 1} is ${img.width}×${img.height}×${img.channels}; this model needs ${w}×${h}×${c}.`);
          }
          const set: ImageSet = { images: img.data, labels: new Int32Array(1), count: 1, shape: [img.height, img.width, img.channels] };
          return toInput(set, Int32Array.of(0));
        });
        return tf.concat(parts) as tf.Tensor4D;
      });
    const predictBatch = (x: tf.Tensor4D) => earlyExitBatch(model, runner, x);
    const predictFull = async (x: tf.Tensor4D) => {
      const state = new Map<string, tf.Tensor>([[runner.inputName, x]]);
      let logits: tf.Tensor | null = null;
      for (let k = 0; k < runner.count; k++) logits = runner.run(k, state);
      const cls = tf.tidy(() => logits!.argMax(1));
      state.delete(runner.inputName);
      tf.dispose([...state.values()]);
      const out = Int32Array.from(await cls.data());
      cls.dispose();
      return out;
    };
    return {
      manifest,
      network: { model, runner },
      preprocess,
      predictBatch,
      predictFull,
      async predict(images) {
        const x = preprocess(images);
        try {
          const out = await predictBatch(x);
          return Array.from(out.prediction, (cls, i) => ({
            classIndex: cls,
            className: manifest.classNames[cls] ?? String(cls),
            confidence: out.confidence[i],
            exit: out.exit[i],
            exitName: manifest.exits[out.exit[i]].name,
          }));
        } finally {
          x.dispose();
        }
      },
      dispose() {
        runner.dispose();
        nets.forEach((n) => n.dispose());
      },
    };
  } catch (e) {
    segments.forEach((s) => s.model.dispose());
    nets.forEach((n) => n.dispose());
    throw e instanceof ModelFolderError || e instanceof RangeError ? e : new ModelFolderError(`${dir}: ${errorMessage(e)}`);
  }
}
