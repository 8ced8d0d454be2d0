import * as tf from '@tensorflow/tfjs';

type KernelArgs = Parameters<tf.KernelFunc>[0];

/**
 * Builds a kernel out of ordinary tf ops that run on the kernel's own backend.
 *
 * Kernels receive TensorInfos and must hand back a TensorInfo whose data the engine will own. Ops, on the other
 * hand, need Tensors and produce Tensors tracked in the current scope. This bridges the two without leaking and
 * without freeing data under the engine:
 * - each input is wrapped in a throw-away Tensor that holds its own backend reference, so disposing the wrapper
 *   never frees the caller's data;
 * - the result gets one extra backend reference before its Tensor is disposed, so exactly one reference
 *   (the engine's output tensor) remains.
 * Nested ops run at kernelDepth > 0, so the engine does not record them on the gradient tape.
 */
export function compositeKernel(
  compute: (inputs: Record<string, tf.Tensor>, attrs: KernelArgs['attrs']) => tf.Tensor,
): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const kernelBackend = backend as tf.KernelBackend;
    const engine = tf.engine();
    const result = tf.tidy(() => {
      const wrapped: Record<string, tf.Tensor> = {};
      for (const [name, info] of Object.entries(inputs)) {
        if (info == null) continue;
        const t = engine.makeTensorFromTensorInfo(info, kernelBackend);
        kernelBackend.incRef(info.dataId);
        wrapped[name] = t;
      }
      return compute(wrapped, attrs);
    });
    kernelBackend.incRef(result.dataId);
    const out: tf.TensorInfo = { dataId: result.dataId, shape: result.shape, dtype: result.dtype };
    result.dispose();
    return out;
  };
}
