import * as tf from '@tensorflow/tfjs';
import { denseCost, type CostModel } from './costs';
import type { ExitHeadInput, ExitHeadModel } from './head-model';

/**
 * The Shallow-Deep Networks exit head: 3×3 conv → batch norm → ReLU on the stage output, a learned mix of max and
 * average pooling to a small grid, then a linear classifier. Unlike a head on fixed pooled features it can learn
 * *where* something is in the map before pooling throws the positions away.
 */
export interface ConvHeadSpec {
  /** The exit's activation [h, w, c]. */
  inShape: [number, number, number];
  /** Output channels of the conv. */
  width: number;
  stride: number;
  /** Pooling window per axis (window = stride: the cells tile the zero-padded map) and the grid it leaves. */
  window: [number, number];
  grid: [number, number];
  classes: number;
}

/** Head width is the input's channels up to this: wide late stages (ResNet50's 2048) would cost more than they add. */
export const CONV_HEAD_MAX_WIDTH = 64;
export const CONV_HEAD_GRID = 4;
/** Maps wider or taller than this are convolved with stride 2, which quarters the head's cost where it is largest. */
export const CONV_HEAD_STRIDE_ABOVE = 16;
const BN_EPSILON = 1e-5;
/** Weight of the newest batch in the running statistics (PyTorch's default momentum 0.1). */
const BN_MOMENTUM = 0.1;

export interface ConvHeadShapeOptions {
  /** Cap on the conv width (default CONV_HEAD_MAX_WIDTH). */
  maxWidth?: number;
  /** The conv width at every exit, instead of the input's channels capped at maxWidth. */
  width?: number;
  /** Pooled grid side (default CONV_HEAD_GRID). */
  grid?: number;
  /** Maps with a side above this are convolved with stride 2 (default CONV_HEAD_STRIDE_ABOVE). */
  strideAbove?: number;
}

export function convHeadSpec(inShape: readonly number[], classes: number, opts: ConvHeadShapeOptions = {}): ConvHeadSpec {
  const [h, w, c] = inShape;
  const strideAbove = opts.strideAbove ?? CONV_HEAD_STRIDE_ABOVE;
  const stride = h > strideAbove || w > strideAbove ? 2 : 1;
  const grid = opts.grid ?? CONV_HEAD_GRID;
  // The window tiles the map in `grid` cells or fewer; the cell count is recomputed so no cell is all padding.
  const axis = (n: number): [number, number] => {
    const win = Math.ceil(n / Math.min(grid, n));
    return [win, Math.ceil(n / win)];
  };
  const [wh, gh] = axis(Math.ceil(h / stride));
  const [ww, gw] = axis(Math.ceil(w / stride));
  return { inShape: [h, w, c], width: opts.width ?? Math.min(c, opts.maxWidth ?? CONV_HEAD_MAX_WIDTH), stride, window: [wh, ww], grid: [gh, gw], classes };
}

/** The conv's output map [h, w] ('same' padding). */
function convOut({ inShape: [h, w], stride }: ConvHeadSpec): [number, number] {
  return [Math.ceil(h / stride), Math.ceil(w / stride)];
}

/** Per-sample inference cost: conv, batch norm (scale and shift), ReLU, both poolings and their mix, classifier. */
export function convHeadCost(spec: ConvHeadSpec, model: CostModel): number {
  const { width, classes } = spec;
  const c = spec.inShape[2];
  const features = spec.grid[0] * spec.grid[1] * width;
  if (model === 'params') return 9 * c * width + 2 * width + 1 + denseCost(features, classes, 'params');
  const [oh, ow] = convOut(spec);
  const cells = oh * ow * width;
  const padded = spec.grid[0] * spec.window[0] * spec.grid[1] * spec.window[1] * width;
  return cells * 2 * 9 * c + 2 * cells + cells + 2 * padded + 3 * features + denseCost(features, classes, 'flops');
}

/** A trained conv head's weights: its spec, then every tensor in the order `ConvHead.tensors` lists them. */
export interface ConvHeadState {
  spec: ConvHeadSpec;
  tensors: { shape: number[]; values: ArrayLike<number> }[];
}

export class ConvHead implements ExitHeadModel {
  readonly kind = 'conv';
  readonly reads = 'raw';
  readonly spec: ConvHeadSpec;
  /** Trainable: conv kernel, BN scale and shift, pooling mix (a logit), classifier weights and bias. */
  readonly variables: tf.Variable[];
  private readonly runningMean: tf.Variable;
  private readonly runningVar: tf.Variable;

  constructor(spec: ConvHeadSpec, seed: number) {
    this.spec = spec;
    const c = spec.inShape[2];
    const features = spec.grid[0] * spec.grid[1] * spec.width;
    const kernel = tf.initializers.heNormal({ seed }).apply([3, 3, c, spec.width]);
    const dense = tf.initializers.glorotUniform({ seed: seed + 1 }).apply([features, spec.classes]);
    // tidy frees the initial values; the variables themselves survive it.
    this.variables = tf.tidy(() => [
      tf.variable(kernel, true),
      tf.variable(tf.ones([spec.width]), true),
      tf.variable(tf.zeros([spec.width]), true),
      tf.variable(tf.scalar(0), true),
      tf.variable(dense, true),
      tf.variable(tf.zeros([spec.classes]), true),
    ]);
    tf.dispose([kernel, dense]);
    this.runningMean = tf.tidy(() => tf.variable(tf.zeros([spec.width]), false));
    this.runningVar = tf.tidy(() => tf.variable(tf.ones([spec.width]), false));
  }

  get classes(): number {
    return this.spec.classes;
  }

  /** Every tensor that defines the head: conv kernel, BN scale and shift, mix, classifier, BN running statistics. */
  private get tensors(): tf.Variable[] {
    return [...this.variables, this.runningMean, this.runningVar];
  }

  async state(): Promise<ConvHeadState> {
    return { spec: this.spec, tensors: await Promise.all(this.tensors.map(async (v) => ({ shape: v.shape, values: (await v.data()) as Float32Array }))) };
  }

  /** A head with saved weights (what `state()` returned). */
  static fromState(state: ConvHeadState): ConvHead {
    const head = new ConvHead(state.spec, 0);
    const own = head.tensors;
    if (state.tensors.length !== own.length) throw new Error(`Saved conv head has ${state.tensors.length} tensors; expected ${own.length}.`);
    own.forEach((v, i) => {
      const t = state.tensors[i];
      if (t.shape.join('x') !== v.shape.join('x')) throw new Error(`Saved conv head tensor ${i} has shape ${t.shape.join('×')}; expected ${v.shape.join('×')}.`);
      tf.tidy(() => v.assign(tf.tensor(Float32Array.from(t.values), t.shape)));
    });
    return head;
  }

  /** The mix of max pooling: sigmoid of a learned logit, so the head always blends, never extrapolates. */
  get mix(): tf.Scalar {
    return tf.sigmoid(this.variables[3] as tf.Scalar);
  }

  apply({ act }: ExitHeadInput): tf.Tensor2D {
    if (!act) throw new Error('A conv head reads the exit activation, which was not given.');
    return tf.tidy(() => this.forward(act, this.runningMean, this.runningVar));
  }

  /**
   * Logits in training mode: batch norm uses the batch's statistics, and the running statistics move toward them
   * for inference. Meant for inside the optimizer's tidy (the update is not part of the loss's graph).
   */
  trainLogits(x: tf.Tensor4D): tf.Tensor2D {
    const [b] = x.shape;
    const z = this.conv(x);
    const { mean, variance } = tf.moments(z, [0, 1, 2]);
    const count = b * z.shape[1] * z.shape[2];
    // Running variance is the unbiased estimate, as PyTorch keeps it.
    const unbiased = count > 1 ? variance.mul(count / (count - 1)) : variance;
    this.runningMean.assign(this.runningMean.mul(1 - BN_MOMENTUM).add(mean.mul(BN_MOMENTUM)));
    this.runningVar.assign(this.runningVar.mul(1 - BN_MOMENTUM).add(unbiased.mul(BN_MOMENTUM)));
    return this.fromConv(z, mean, variance);
  }

  cost(model: CostModel): number {
    return convHeadCost(this.spec, model);
  }

  dispose(): void {
    tf.dispose([...this.variables, this.runningMean, this.runningVar]);
  }

  private conv(x: tf.Tensor4D): tf.Tensor4D {
    const [, h, w, c] = x.shape;
    const [eh, ew, ec] = this.spec.inShape;
    if (h !== eh || w !== ew || c !== ec) throw new Error(`Conv head for [${this.spec.inShape.join(', ')}] was given [${h}, ${w}, ${c}].`);
    return tf.conv2d(x, this.variables[0] as tf.Tensor4D, this.spec.stride, 'same');
  }

  private forward(x: tf.Tensor4D, mean: tf.Tensor, variance: tf.Tensor): tf.Tensor2D {
    return this.fromConv(this.conv(x), mean, variance);
  }

  private fromConv(z: tf.Tensor4D, mean: tf.Tensor, variance: tf.Tensor): tf.Tensor2D {
    const [, scale, offset, , dense, bias] = this.variables;
    const y = tf.relu(tf.batchNorm(z, mean as tf.Tensor1D, variance as tf.Tensor1D, offset as tf.Tensor1D, scale as tf.Tensor1D, BN_EPSILON));
    const [oh, ow] = [y.shape[1], y.shape[2]];
    const { window, grid } = this.spec;
    // Zero padding is neutral for the max (after ReLU nothing is negative); for the average it only rescales edge
    // cells by a constant, which the classifier's per-cell weights absorb.
    const padded = tf.pad(y, [
      [0, 0],
      [0, grid[0] * window[0] - oh],
      [0, grid[1] * window[1] - ow],
      [0, 0],
    ]);
    const max = tf.maxPool(padded, window, window, 'valid');
    const avg = tf.avgPool(padded, window, window, 'valid');
    const pooled = avg.add(max.sub(avg).mul(this.mix)) as tf.Tensor4D;
    return tf.matMul(pooled.reshape([z.shape[0], -1]), dense as tf.Tensor2D).add(bias);
  }
}
