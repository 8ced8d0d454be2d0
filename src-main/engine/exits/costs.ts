import type * as tf from '@tensorflow/tfjs';

export type CostModel = 'flops' | 'params';

type Shape = (number | null)[];

function elements(shape: Shape): number {
  return shape.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1);
}

function outputShape(layer: tf.layers.Layer): Shape {
  const s = layer.outputShape;
  return (Array.isArray(s[0]) ? s[0] : s) as Shape;
}

/** Input shapes from the layer's first inbound node (`Layer.inputShape` is not set on every layer). */
function inputShapes(layer: tf.layers.Layer): Shape[] {
  const s = layer.inboundNodes[0]?.inputShapes;
  if (!s) return [];
  return (Array.isArray(s[0]) ? s : [s]) as Shape[];
}

function inputShape(layer: tf.layers.Layer): Shape {
  return inputShapes(layer)[0] ?? [];
}

/** Inference FLOPs of one layer for one sample (a multiply-add counts 2). */
export function layerFlops(layer: tf.layers.Layer): number {
  const cls = layer.getClassName();
  const out = outputShape(layer);
  const cfg = layer.getConfig();
  switch (cls) {
    case 'Conv2D': {
      const inC = inputShape(layer)[3] ?? 1;
      const [kh, kw] = cfg.kernelSize as number[];
      return elements(out) * (2 * kh * kw * inC + (cfg.useBias ? 1 : 0));
    }
    case 'DepthwiseConv2D': {
      const [kh, kw] = cfg.kernelSize as number[];
      return elements(out) * (2 * kh * kw);
    }
    case 'Dense': {
      const inD = inputShape(layer).slice(-1)[0] ?? 1;
      return elements(out) * (2 * inD + (cfg.useBias ? 1 : 0));
    }
    case 'BatchNormalization':
      return 2 * elements(out);
    case 'ReLU':
    case 'Activation':
    case 'MaxPooling2D':
    case 'AveragePooling2D':
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
      return Math.max(elements(out), cls.startsWith('Global') ? elements(inputShape(layer)) : elements(out));
    case 'Add': {
      return (inputShapes(layer).length - 1) * elements(out);
    }
    default:
      return 0;
  }
}

/** Trainable parameters only, as PyTorch counts them (batch-norm running statistics are buffers, not parameters). */
export function layerParams(layer: tf.layers.Layer): number {
  return layer.trainableWeights.reduce((a, w) => a + w.shape.reduce<number>((p, d) => p * (d ?? 1), 1), 0);
}

/** The layer and every layer it depends on. */
export function ancestors(layer: tf.layers.Layer): Set<tf.layers.Layer> {
  const seen = new Set<tf.layers.Layer>();
  const stack = [layer];
  while (stack.length) {
    const l = stack.pop()!;
    if (seen.has(l)) continue;
    seen.add(l);
    for (const node of l.inboundNodes) stack.push(...node.inboundLayers);
  }
  return seen;
}

export function layerCost(layer: tf.layers.Layer, model: CostModel): number {
  return model === 'flops' ? layerFlops(layer) : layerParams(layer);
}

/** Cost of running the backbone from its input up to and including `layer`. */
export function costUpTo(layer: tf.layers.Layer, model: CostModel): number {
  let total = 0;
  for (const l of ancestors(layer)) total += layerCost(l, model);
  return total;
}

export function totalCost(backbone: tf.LayersModel, model: CostModel): number {
  return backbone.layers.reduce((a, l) => a + layerCost(l, model), 0);
}

/** A dense layer's cost: FLOPs per sample or parameters. */
export function denseCost(inDim: number, outDim: number, model: CostModel): number {
  return model === 'flops' ? 2 * inDim * outDim + outDim : inDim * outDim + outDim;
}

/**
 * Normalises raw exit costs as the loss wants them: the first exit costs 0 and the last (the full model) 1.
 */
export function normaliseCosts(raw: readonly number[]): number[] {
  const first = raw[0];
  const span = raw[raw.length - 1] - first;
  return raw.map((c) => (span > 0 ? (c - first) / span : 0));
}
