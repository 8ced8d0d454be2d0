import * as tf from '@tensorflow/tfjs';
import { denseCost, type CostModel } from './costs';

export interface DenseNetSpec {
  inDim: number;
  /** Width of the one hidden layer (ReLU), or null for a single linear layer. */
  hidden: number | null;
  outDim: number;
}

export interface DenseNetState {
  spec: DenseNetSpec;
  mean: number[];
  invStd: number[];
  weights: { shape: number[]; values: ArrayLike<number> }[];
}

/**
 * A linear or one-hidden-layer classifier on standardised features: the exit heads and the gates are both this.
 * Inputs are standardised with statistics of the data it is fitted on, because pooled activations of different
 * depths differ in scale by orders of magnitude and a shared learning rate would otherwise suit none of them.
 */
export class DenseNet {
  readonly spec: DenseNetSpec;
  readonly variables: tf.Variable[];
  private mean: tf.Tensor1D;
  private invStd: tf.Tensor1D;

  constructor(spec: DenseNetSpec, seed: number, mean?: Float32Array, invStd?: Float32Array) {
    this.spec = spec;
    const dims = spec.hidden === null ? [spec.inDim, spec.outDim] : [spec.inDim, spec.hidden, spec.outDim];
    this.variables = [];
    for (let i = 0; i + 1 < dims.length; i++) {
      const init = tf.initializers.glorotUniform({ seed: seed + i });
      // tidy frees the initial values; the variables themselves survive it.
      this.variables.push(tf.tidy(() => tf.variable(init.apply([dims[i], dims[i + 1]]) as tf.Tensor2D, true)));
      this.variables.push(tf.tidy(() => tf.variable(tf.zeros([dims[i + 1]]), true)));
    }
    this.mean = tf.tensor1d(mean ?? new Float32Array(spec.inDim));
    this.invStd = tf.tensor1d(invStd ?? new Float32Array(spec.inDim).fill(1));
  }

  /** A net with saved weights and standardisation (what `state()` returned). */
  static fromState(state: DenseNetState): DenseNet {
    const net = new DenseNet(state.spec, 0, Float32Array.from(state.mean), Float32Array.from(state.invStd));
    if (state.weights.length !== net.variables.length) throw new Error(`Saved net has ${state.weights.length} weight tensors; its spec needs ${net.variables.length}.`);
    net.variables.forEach((v, i) => {
      const w = state.weights[i];
      if (w.shape.join('x') !== v.shape.join('x')) throw new Error(`Saved weight ${i} has shape ${w.shape.join('×')}; expected ${v.shape.join('×')}.`);
      tf.tidy(() => v.assign(tf.tensor(Float32Array.from(w.values), w.shape)));
    });
    return net;
  }

  /** Sets the input standardisation from a row-major [n, inDim] array. */
  setStandardisation(x: Float32Array, n: number): void {
    const d = this.spec.inDim;
    const { mean, invStd } = columnStats(x, n, d);
    this.mean.dispose();
    this.invStd.dispose();
    this.mean = tf.tensor1d(mean);
    this.invStd = tf.tensor1d(invStd);
  }

  /** Logits [B, outDim]. Caller owns the result. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let h: tf.Tensor2D = x.sub(this.mean).mul(this.invStd);
      for (let i = 0; i < this.variables.length; i += 2) {
        h = tf.matMul(h, this.variables[i] as tf.Tensor2D).add(this.variables[i + 1]);
        if (i + 2 < this.variables.length) h = tf.relu(h);
      }
      return h;
    });
  }

  cost(model: CostModel): number {
    return denseNetCost(this.spec, model);
  }

  async state(): Promise<DenseNetState> {
    return {
      spec: this.spec,
      mean: Array.from(await this.mean.data()),
      invStd: Array.from(await this.invStd.data()),
      weights: await Promise.all(this.variables.map(async (v) => ({ shape: v.shape, values: Array.from(await v.data()) }))),
    };
  }

  dispose(): void {
    tf.dispose([...this.variables, this.mean, this.invStd]);
  }
}

/** Per-sample inference cost of a DenseNet: standardisation plus the dense layers. */
export function denseNetCost({ inDim, hidden, outDim }: DenseNetSpec, model: CostModel): number {
  const layers = hidden === null ? denseCost(inDim, outDim, model) : denseCost(inDim, hidden, model) + denseCost(hidden, outDim, model);
  return layers + (model === 'flops' ? 2 * inDim : 0);
}

/** Mean and 1/std of each column of a row-major [n, d] array (std floored so constant columns stay finite). */
export function columnStats(x: Float32Array, n: number, d: number): { mean: Float32Array; invStd: Float32Array } {
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) {
      const v = x[row + j];
      mean[j] += v;
      sq[j] += v * v;
    }
  }
  const m = new Float32Array(d);
  const inv = new Float32Array(d);
  for (let j = 0; j < d; j++) {
    m[j] = mean[j] / Math.max(1, n);
    const variance = Math.max(0, sq[j] / Math.max(1, n) - m[j] * m[j]);
    inv[j] = 1 / Math.sqrt(variance + 1e-6);
  }
  return { mean: m, invStd: inv };
}
