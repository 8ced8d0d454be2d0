import type { SplitFeatures } from './feature-cache';
import { gatherRows } from './fit-loop';

/** Reads rows of exit k's raw activation, row-major [idx.length, rawDims[k]], from memory or the feature store. */
export type RawReader = (k: number, idx: ArrayLike<number>) => Promise<Float32Array>;

export function rawReader(split: SplitFeatures): RawReader {
  const { raw, rawStore } = split;
  if (raw) return async (k, idx) => gatherRows(raw[k], split.rawDims[k], idx);
  if (rawStore) return (k, idx) => rawStore.read(k, idx);
  throw new Error('Conv heads read the raw exit activations, which were not cached: extract the features with keepRaw.');
}

/** Rows start … end-1 of exit k's raw activation; a view, not a copy, when the array is in memory. */
export function rawRange(split: SplitFeatures, k: number, start: number, end: number): Promise<Float32Array> {
  const d = split.rawDims[k];
  if (split.raw) return Promise.resolve(split.raw[k].subarray(start * d, end * d));
  return rawReader(split)(k, Int32Array.from({ length: end - start }, (_, i) => start + i));
}

/**
 * Rows per batch for `bytesPerRow` of raw activations: up to `max`, but no more than `budget` bytes of input per
 * batch (ResNet50's layer1 is 3.2 MB an image), and never fewer than 8 so batch norm has statistics to work with.
 */
export function rowsPerBatch(bytesPerRow: number, max: number, budget = 256 * 1024 ** 2): number {
  return Math.max(8, Math.min(max, Math.floor(budget / Math.max(1, bytesPerRow))));
}
