import type { ImageSet } from './types';

/** byte → byte / 255 as float32, so gathering is a table lookup and matches dividing exactly. */
const UNIT_SCALE = Float32Array.from({ length: 256 }, (_, b) => b / 255);

function checkRange(set: ImageSet, idx: Int32Array, start: number, end: number): void {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= idx.length)) {
    throw new RangeError(`Batch [${start}, ${end}) does not fit ${idx.length} indices.`);
  }
  for (let i = start; i < end; i++) {
    if (!(idx[i] >= 0 && idx[i] < set.count)) throw new RangeError(`Sample index ${idx[i]} is out of range: the set has ${set.count}.`);
  }
}

/** Pixels per image: the set does not carry its shape, but every image has the same number of bytes. */
export function imageSize(set: ImageSet): number {
  if (set.count === 0) return 0;
  const size = set.images.length / set.count;
  if (!Number.isInteger(size)) throw new RangeError(`${set.images.length} pixel bytes do not divide into ${set.count} images.`);
  return size;
}

/** The images idx[start..end) as one float batch scaled to [0, 1], NHWC like the set itself. */
export function gatherImages(set: ImageSet, idx: Int32Array, start = 0, end = idx.length): Float32Array {
  checkRange(set, idx, start, end);
  const size = imageSize(set);
  const out = new Float32Array((end - start) * size);
  for (let i = start; i < end; i++) {
    const from = idx[i] * size;
    const row = (i - start) * size;
    for (let j = 0; j < size; j++) out[row + j] = UNIT_SCALE[set.images[from + j]];
  }
  return out;
}

/** The labels of idx[start..end), aligned with gatherImages. */
export function gatherLabels(set: ImageSet, idx: Int32Array, start = 0, end = idx.length): Int32Array {
  checkRange(set, idx, start, end);
  const out = new Int32Array(end - start);
  for (let i = start; i < end; i++) out[i - start] = set.labels[idx[i]];
  return out;
}
