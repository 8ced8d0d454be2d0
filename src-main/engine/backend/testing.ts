import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../backend';

/** Test support: run the same computation on several backends from identical inputs and compare the outputs. */

export function randomValues(shape: number[], seed: number): Float32Array {
  // A small LCG keeps inputs identical across backends and runs without depending on tf.random's backend.
  let s = seed >>> 0;
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

/** Activates `backend`, runs `f` on tensors built there, returns every output's values and disposes the rest. */
export async function runOn(backend: 'wasm' | 'cpu', f: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await initBackend(backend);
  const out = tf.tidy(f);
  const tensors = Array.isArray(out) ? out : [out];
  const values = await Promise.all(tensors.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(tensors);
  return values;
}

/** max |a − b| divided by max(|b|, 1e-3): the relative error of `a` against reference `b`. */
export function relError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 1e-3;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

export interface MemorySnapshot { numTensors: number; numDataBuffers: number; numBytes: number; backendDataIds: number }

/** Engine counters plus the backend's own count of live buffers, which catches refcounts the engine cannot see. */
export function memorySnapshot(): MemorySnapshot {
  const m = tf.memory();
  return { numTensors: m.numTensors, numDataBuffers: m.numDataBuffers, numBytes: m.numBytes, backendDataIds: tf.backend().numDataIds() };
}

/** Size of the wasm heap: it grows if XNNPACK operators or buffers outlive the tensors they belong to. */
export function wasmHeapBytes(): number {
  // HEAPU8 is typed by @types/emscripten, which tsconfig's `types: ["node"]` keeps out of scope.
  const module = (tf.backend() as BackendWasm).wasm as unknown as { HEAPU8: Uint8Array };
  return module.HEAPU8.length;
}
