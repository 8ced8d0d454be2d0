import * as tf from '@tensorflow/tfjs';
import type { SplitFeatures } from '../train/feature-cache';
import { trainHeads } from '../train/train-heads';
import type { BackboneSpec } from './catalog';

export interface TransferredClassifier {
  /** The backbone with its new classifier: what costs and the early-exit runtime use. */
  model: tf.LayersModel;
  kernel: Float32Array;
  bias: Float32Array;
  inDim: number;
  classes: number;
}

export interface TransferOptions {
  epochs: number;
  seed: number;
  onProgress?: (done: number, total: number, loss: number | undefined) => void;
  signal?: AbortSignal;
}

/** Which layer is the final classifier and which feeds it. */
export interface ClassifierLayers {
  classifier: string;
  penultimate: string;
}

/** The spec's declaration, else (a tfjs model folder) the output layer and the layer before it. */
export function classifierOf(model: tf.LayersModel, spec: BackboneSpec): ClassifierLayers {
  if (spec.classifier && spec.penultimate) return { classifier: spec.classifier, penultimate: spec.penultimate };
  const out = model.outputLayers[0];
  const inbound = out.inboundNodes[0]?.inboundLayers[0];
  if (!inbound) throw new Error(`${spec.name}: cannot tell which layer feeds its classifier ${out.name}.`);
  return { classifier: out.name, penultimate: inbound.name };
}

/**
 * The seed's transfer-learning step: a backbone pretrained on other classes (ImageNet) gets a new final classifier,
 * trained with cross-entropy on its frozen pooled penultimate features of the training split. The linear head's
 * input standardisation is folded into the weights, so the result is a plain Dense layer in the backbone.
 */
export async function transferClassifier(
  backbone: tf.LayersModel,
  layers: ClassifierLayers,
  train: SplitFeatures,
  classes: number,
  opts: TransferOptions,
): Promise<TransferredClassifier> {
  if (!train.penultimate) throw new Error(`The features of ${layers.penultimate} were not kept: no new classifier can be trained.`);
  const d = train.penultimateDim;
  const [head] = await trainHeads(
    { ...train, features: [train.penultimate], dims: [d], raw: null, rawDims: [], classes },
    { kind: 'linear', epochs: opts.epochs, seed: opts.seed, onProgress: (_k, done, total, loss) => opts.onProgress?.(done, total, loss), signal: opts.signal },
  );
  const state = await head.state();
  head.dispose();
  const [w, b] = state.weights;
  const kernel = new Float32Array(d * classes);
  const bias = Float32Array.from(b.values);
  for (let i = 0; i < d; i++) {
    for (let o = 0; o < classes; o++) {
      const v = state.invStd[i] * w.values[i * classes + o];
      kernel[i * classes + o] = v;
      bias[o] -= state.mean[i] * v;
    }
  }
  return { model: withClassifier(backbone, layers, kernel, bias), kernel, bias, inDim: d, classes };
}

/**
 * The backbone up to its penultimate layer with a Dense classifier of these weights (kernel [inDim, classes]) in
 * place of its own: what a transfer run trained, rebuilt for export. The new layer is the caller's to dispose.
 */
export function withClassifier(backbone: tf.LayersModel, layers: ClassifierLayers, kernel: Float32Array, bias: Float32Array): tf.LayersModel {
  const classes = bias.length;
  const inDim = kernel.length / classes;
  const dense = tf.layers.dense({ name: layers.classifier, units: classes });
  const penultimate = backbone.getLayer(layers.penultimate).output as tf.SymbolicTensor;
  const features = penultimate.shape.length > 2 ? (tf.layers.flatten({ name: `${layers.classifier}.flatten` }).apply(penultimate) as tf.SymbolicTensor) : penultimate;
  const model = tf.model({ inputs: backbone.inputs, outputs: dense.apply(features) as tf.SymbolicTensor, name: `${backbone.name}-transfer` });
  const values = [tf.tensor2d(kernel, [inDim, classes]), tf.tensor1d(bias)];
  dense.setWeights(values);
  tf.dispose(values);
  return model;
}

/** The new classifier's logits for cached penultimate features, row-major [n, classes]. */
export function classifierLogits(t: TransferredClassifier, features: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n * t.classes);
  const batch = 1024;
  const w = tf.tensor2d(t.kernel, [t.inDim, t.classes]);
  const b = tf.tensor1d(t.bias);
  for (let start = 0; start < n; start += batch) {
    const end = Math.min(n, start + batch);
    const y = tf.tidy(() => tf.matMul(tf.tensor2d(features.subarray(start * t.inDim, end * t.inDim), [end - start, t.inDim]), w).add(b));
    out.set(y.dataSync() as Float32Array, start * t.classes);
    y.dispose();
  }
  tf.dispose([w, b]);
  return out;
}
