import type { ImageSet } from './types';

export function sampleSize(set: ImageSet): number {
  if (set.shape) return set.shape[0] * set.shape[1] * set.shape[2];
  return set.count === 0 ? 0 : set.images.length / set.count;
}

/**
 * The chosen samples as an in-memory set indexed 0…n-1 plus those indices: a streamed set decodes them now, an
 * in-memory set is returned as it is (no copy). Lets synchronous input builders serve both kinds of set.
 */
export async function batchOf(set: ImageSet, idx: Int32Array): Promise<{ set: ImageSet; idx: Int32Array }> {
  if (!set.read) return { set, idx };
  const images = await set.read(idx);
  const labels = Int32Array.from(idx, (i) => set.labels[i]);
  return { set: { images, labels, count: idx.length, shape: set.shape }, idx: Int32Array.from(idx, (_, i) => i) };
}

/** Decodes the chosen samples of a streamed set into memory in batches (for training a backbone on it). */
export async function materialise(set: ImageSet, idx: Int32Array, batchSize = 64): Promise<{ set: ImageSet; idx: Int32Array }> {
  if (!set.read) return { set, idx };
  const size = sampleSize(set);
  const images = new Uint8Array(idx.length * size);
  for (let start = 0; start < idx.length; start += batchSize) {
    const part = idx.subarray(start, Math.min(idx.length, start + batchSize));
    images.set(await set.read(part), start * size);
  }
  const labels = Int32Array.from(idx, (i) => set.labels[i]);
  return { set: { images, labels, count: idx.length, shape: set.shape }, idx: Int32Array.from(idx, (_, i) => i) };
}
