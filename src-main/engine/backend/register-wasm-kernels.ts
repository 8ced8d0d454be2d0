import * as tf from '@tensorflow/tfjs';
import { wasmConv2DBackpropFilter } from './wasm-conv2d-backprop-filter';
import { wasmConv2DBackpropInput } from './wasm-conv2d-backprop-input';
import { wasmDepthwiseBackpropFilter, wasmDepthwiseBackpropInput } from './wasm-depthwise-grads';
import { wasmMaxPoolGrad } from './wasm-max-pool-grad';
import { wasmUnsortedSegmentSum } from './wasm-unsorted-segment-sum';

/**
 * The project's own wasm kernels: gradients the wasm backend lacks (Conv2DBackpropFilter, the depthwise pair,
 * UnsortedSegmentSum) and replacements for a slow one (Conv2DBackpropInput) and a wrong one (MaxPoolGrad).
 */
export const WASM_GRAD_KERNELS: readonly tf.KernelConfig[] = [
  wasmConv2DBackpropFilter,
  wasmConv2DBackpropInput,
  wasmDepthwiseBackpropFilter,
  wasmDepthwiseBackpropInput,
  wasmUnsortedSegmentSum,
  wasmMaxPoolGrad,
];

let registered: string[] | null = null;

/**
 * Registers WASM_GRAD_KERNELS once per process and returns their names. Must run after
 * '@tensorflow/tfjs-backend-wasm' has been imported, or its own registrations would overwrite ours.
 */
export function registerWasmGradKernels(): string[] {
  if (registered) return registered;
  for (const config of WASM_GRAD_KERNELS) {
    // Replacing a stock kernel: unregister first, or tfjs warns that the name is taken.
    if (tf.getKernel(config.kernelName, config.backendName)) tf.unregisterKernel(config.kernelName, config.backendName);
    tf.registerKernel(config);
  }
  registered = WASM_GRAD_KERNELS.map((k) => k.kernelName);
  return registered;
}
