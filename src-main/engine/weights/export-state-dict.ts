import type * as tf from '@tensorflow/tfjs';
import type { TensorToWrite } from './safetensors';

/** tf.layers conv kernel [kh, kw, I, O] → PyTorch [O, I, kh, kw]. */
function hwioToOihw(w: Float32Array, [kh, kw, i, o]: number[]): Float32Array {
  const out = new Float32Array(w.length);
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let b = 0; b < i; b++) for (let a = 0; a < o; a++) out[((a * i + b) * kh + y) * kw + x] = w[((y * kw + x) * i + b) * o + a];
  return out;
}

const BN_NAMES: Record<string, string> = { gamma: 'weight', beta: 'bias', moving_mean: 'running_mean', moving_variance: 'running_var' };

/**
 * The model's weights as a PyTorch state dict (the inverse of importStateDict): conv kernels to OIHW, dense
 * kernels transposed, batch-norm statistics under their PyTorch names. For exporting backbones trained here.
 */
export function exportStateDict(model: tf.LayersModel): Record<string, TensorToWrite> {
  const out: Record<string, TensorToWrite> = {};
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    layer.weights.forEach((v) => {
      const kind = v.name.split('/').pop()!.replace(/_\d+$/, '');
      const shape = v.shape as number[];
      const values = v.read().dataSync() as Float32Array;
      if (cls === 'Conv2D' && kind === 'kernel') {
        out[`${layer.name}.weight`] = { dtype: 'F32', shape: [shape[3], shape[2], shape[0], shape[1]], values: hwioToOihw(values, shape) };
      } else if (cls === 'Dense' && kind === 'kernel') {
        const [i, o] = shape;
        const t = new Float32Array(values.length);
        for (let r = 0; r < i; r++) for (let c = 0; c < o; c++) t[c * i + r] = values[r * o + c];
        out[`${layer.name}.weight`] = { dtype: 'F32', shape: [o, i], values: t };
      } else if (cls === 'BatchNormalization') {
        out[`${layer.name}.${BN_NAMES[kind]}`] = { dtype: 'F32', shape, values };
      } else {
        out[`${layer.name}.${kind === 'kernel' ? 'weight' : kind}`] = { dtype: 'F32', shape, values };
      }
    });
    if (cls === 'BatchNormalization') out[`${layer.name}.num_batches_tracked`] = { dtype: 'I64', shape: [], values: [0] };
  }
  return out;
}
