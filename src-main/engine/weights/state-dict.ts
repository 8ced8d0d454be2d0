import * as tf from '@tensorflow/tfjs';
import { oihwToHwio, transpose2d } from './layout';
import type { SafetensorsFile } from './safetensors';

/** Keys that do not fit the model: every problem at once, so one look at the message fixes the file or the name. */
export class WeightImportError extends Error {
  constructor(
    readonly source: string,
    readonly missing: string[],
    readonly unexpected: string[],
    readonly wrongShape: { key: string; expected: number[]; found: number[] }[],
  ) {
    const list = (xs: string[]) => (xs.length > 8 ? `${xs.slice(0, 8).join(', ')} and ${xs.length - 8} more` : xs.join(', '));
    const parts = [
      missing.length ? `missing ${missing.length}: ${list(missing)}` : '',
      unexpected.length ? `unexpected ${unexpected.length}: ${list(unexpected)}` : '',
      wrongShape.length ? `wrong shape ${wrongShape.length}: ${list(wrongShape.map((w) => `${w.key} [${w.found.join(', ')}] (expected [${w.expected.join(', ')}])`))}` : '',
    ].filter(Boolean);
    super(`${source} does not match the model's state dict — ${parts.join('; ')}.`);
    this.name = 'WeightImportError';
  }
}

export interface ImportOptions {
  /** Checkpoint name prefix → model layer name (`head.fc` → `classifier.6`). */
  aliases?: Record<string, string>;
}

/** Buffers PyTorch saves that have no counterpart here. */
const IGNORED = /(^|\.)num_batches_tracked$/;

/** The model-side name of a checkpoint key: `module.` (DataParallel) dropped, aliases applied. */
export function canonicalKey(key: string, aliases: Record<string, string> = {}): string {
  let k = key.startsWith('module.') ? key.slice('module.'.length) : key;
  for (const [from, to] of Object.entries(aliases)) {
    if (k.startsWith(`${from}.`)) {
      k = to + k.slice(from.length);
      break;
    }
  }
  return k;
}

interface Expected {
  key: string;
  /** The PyTorch shape. */
  shape: number[];
  weightIndex: number;
  convert: (values: Float32Array, foundShape: number[]) => Float32Array;
}

const suffix = (v: tf.LayerVariable) => v.name.split('/').pop()!.replace(/_\d+$/, '');
const size = (shape: number[]) => shape.reduce((a, d) => a * d, 1);

/** The state-dict keys a layer reads, in PyTorch layout, and how each becomes the tf.layers weight. */
function expectedKeys(layer: tf.layers.Layer): Expected[] {
  const cls = layer.getClassName();
  const out: Expected[] = [];
  layer.weights.forEach((v, weightIndex) => {
    const s = suffix(v);
    const shape = v.shape as number[];
    const key = (name: string) => `${layer.name}.${name}`;
    if (cls === 'Conv2D' && s === 'kernel') {
      const [kh, kw, i, o] = shape;
      out.push({ key: key('weight'), shape: [o, i, kh, kw], weightIndex, convert: (w) => oihwToHwio(w, [o, i, kh, kw]) });
    } else if (cls === 'Dense' && s === 'kernel') {
      const [i, o] = shape;
      // A conv weight [O, C, H, W] standing for a linear layer (timm's VGG head) flattens to [O, C·H·W].
      out.push({ key: key('weight'), shape: [o, i], weightIndex, convert: (w) => transpose2d(w, o, i) });
    } else if ((cls === 'Conv2D' || cls === 'Dense') && s === 'bias') {
      out.push({ key: key('bias'), shape, weightIndex, convert: (w) => w });
    } else if (cls === 'BatchNormalization') {
      const name = { gamma: 'weight', beta: 'bias', moving_mean: 'running_mean', moving_variance: 'running_var' }[s];
      if (!name) throw new Error(`Layer ${layer.name}: unexpected batch-norm weight ${v.name}.`);
      out.push({ key: key(name), shape, weightIndex, convert: (w) => w });
    } else {
      throw new Error(`Layer ${layer.name} (${cls}) has weight ${v.name}, which has no PyTorch state-dict equivalent here.`);
    }
  });
  return out;
}

function shapeFits(expected: number[], found: number[]): boolean {
  if (expected.join() === found.join()) return true;
  // [O, I] expected, [O, C, H, W] or [O, I, 1, 1] found: the same numbers in the same order.
  return expected.length === 2 && found.length === 4 && found[0] === expected[0] && size(found) === size(expected);
}

/**
 * Sets every weight of `model` from a PyTorch state dict whose keys are the model's layer names (`layer1.0.conv1`
 * + `.weight`): conv kernels OIHW → HWIO, linear weights transposed, batch-norm running statistics included.
 * Nothing is written unless every key fits: otherwise a WeightImportError lists missing, unexpected and
 * wrongly shaped keys.
 */
export function importStateDict(model: tf.LayersModel, file: SafetensorsFile, opts: ImportOptions = {}): void {
  const byKey = new Map<string, string>();
  for (const k of file.entries.keys()) if (!IGNORED.test(k)) byKey.set(canonicalKey(k, opts.aliases), k);
  const missing: string[] = [];
  const wrongShape: WeightImportError['wrongShape'] = [];
  const plan: { layer: tf.layers.Layer; items: { e: Expected; fileKey: string }[] }[] = [];
  const used = new Set<string>();
  for (const layer of model.layers) {
    if (!layer.weights.length) continue;
    const items: { e: Expected; fileKey: string }[] = [];
    for (const e of expectedKeys(layer)) {
      const fileKey = byKey.get(e.key);
      if (!fileKey) {
        missing.push(e.key);
        continue;
      }
      used.add(e.key);
      const found = file.entries.get(fileKey)!.shape;
      if (!shapeFits(e.shape, found)) wrongShape.push({ key: fileKey, expected: e.shape, found });
      else items.push({ e, fileKey });
    }
    plan.push({ layer, items });
  }
  const unexpected = [...byKey.entries()].filter(([k]) => !used.has(k)).map(([, fileKey]) => fileKey);
  if (missing.length || unexpected.length || wrongShape.length) throw new WeightImportError(file.source, missing, unexpected, wrongShape);
  for (const { layer, items } of plan) {
    const values = layer.weights.map((v) => v.read());
    const fresh = items.map(({ e, fileKey }) => {
      const t = tf.tensor(e.convert(file.read(fileKey), file.entries.get(fileKey)!.shape), layer.weights[e.weightIndex].shape as number[]);
      values[e.weightIndex] = t;
      return t;
    });
    layer.setWeights(values);
    tf.dispose(fresh);
  }
}

/** Output classes of the checkpoint's classifier (`fc.weight` rows), to build the model to match it. */
export function checkpointClasses(file: SafetensorsFile, classifier: string, aliases: Record<string, string> = {}): number | null {
  for (const [k, e] of file.entries) if (canonicalKey(k, aliases) === `${classifier}.weight`) return e.shape[0];
  return null;
}

/** The PyTorch state dict the model reads (parameters and batch-norm statistics), with PyTorch shapes. */
export function expectedStateDict(model: tf.LayersModel): { key: string; shape: number[] }[] {
  return model.layers.flatMap((l) => (l.weights.length ? expectedKeys(l).map(({ key, shape }) => ({ key, shape })) : []));
}
