import * as tf from '@tensorflow/tfjs';
import { sampleSize } from '../data/batches';
import type { ImageSet } from '../data/types';
import { centreCropGeometry } from '../data/resize';

/** What torchvision's eval transform does: Resize(resize) on the shorter side, CenterCrop(crop), scale, normalise. */
export interface Preprocessing {
  resize: number;
  crop: number;
  mean: [number, number, number];
  std: [number, number, number];
}

export const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406];
export const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225];

export const IMAGENET_224: Preprocessing = { resize: 256, crop: 224, mean: IMAGENET_MEAN, std: IMAGENET_STD };
export const CIFAR_32: Preprocessing = { resize: 32, crop: 32, mean: IMAGENET_MEAN, std: IMAGENET_STD };

/** [H, W, C] of the set's samples: declared by the loader, else a square guessed from the sample size. */
export function setShape(set: ImageSet, channels: number): [number, number, number] {
  if (set.shape) return set.shape;
  const side = Math.round(Math.sqrt(sampleSize(set) / channels));
  return [side, side, channels];
}

/**
 * Builds the backbone input from uint8 samples of any size: grey becomes RGB, images that are not already
 * crop×crop are resized (shorter side to `resize`, bilinear with half-pixel centres as PIL does when enlarging)
 * and centre-cropped, then scaled to [0, 1] and normalised per channel.
 */
export function normalisedInput(pre: Preprocessing, channels: number) {
  return (set: ImageSet, idx: Int32Array): tf.Tensor4D =>
    tf.tidy(() => {
      const [h, w, c] = setShape(set, channels);
      const size = h * w * c;
      const pixels = new Float32Array(idx.length * size);
      for (let i = 0; i < idx.length; i++) pixels.set(set.images.subarray(idx[i] * size, idx[i] * size + size), i * size);
      let x: tf.Tensor4D = tf.tensor4d(pixels, [idx.length, h, w, c]);
      if (c === 1 && channels === 3) x = tf.tile(x, [1, 1, 1, 3]);
      else if (c !== channels) throw new Error(`Images have ${c} channels; this backbone needs ${channels}.`);
      if (h !== pre.crop || w !== pre.crop) {
        const { rh, rw, top, left } = centreCropGeometry(h, w, pre.resize, pre.crop);
        if (rh < pre.crop || rw < pre.crop) throw new Error(`Cannot crop ${pre.crop}×${pre.crop} from ${rh}×${rw}: resize to at least the crop size.`);
        x = tf.image.resizeBilinear(x, [rh, rw], false, true);
        x = x.slice([0, top, left, 0], [-1, pre.crop, pre.crop, channels]);
      }
      const mean = tf.tensor1d(pre.mean.map((m) => m * 255));
      const invStd = tf.tensor1d(pre.std.map((s) => 1 / (255 * s)));
      return x.sub(mean).mul(invStd) as tf.Tensor4D;
    });
}

/** Scales uint8 pixels to [0, 1] as a [B, H, W, C] tensor; the set must already have the backbone's shape. */
export function unitScaledInput(h: number, w: number, c: number) {
  return (set: ImageSet, idx: Int32Array): tf.Tensor4D => {
    const size = h * w * c;
    if (set.images.length !== set.count * size) {
      throw new Error(`Images are not ${h}×${w}×${c}: this backbone needs inputs of that shape.`);
    }
    const out = new Float32Array(idx.length * size);
    for (let i = 0; i < idx.length; i++) {
      const src = set.images.subarray(idx[i] * size, idx[i] * size + size);
      const row = i * size;
      for (let j = 0; j < size; j++) out[row + j] = src[j] / 255;
    }
    return tf.tensor4d(out, [idx.length, h, w, c]);
  };
}

/** How an image folder must be decoded for a backbone: its resize and crop (or its input size), its channels. */
export function imageSizeFor(preprocess: Preprocessing | undefined, input: [number, number, number]): { resize: number; crop: number; channels: 1 | 3 } {
  const channels = input[2] === 1 ? 1 : 3;
  return preprocess ? { resize: preprocess.resize, crop: preprocess.crop, channels } : { resize: input[0], crop: input[0], channels };
}

/** Images per forward batch: 224×224 activations of a batch of 256 would need gigabytes. */
export function forwardBatchSize(input: [number, number, number]): number {
  const pixels = input[0] * input[1];
  return pixels >= 128 * 128 ? 16 : pixels >= 64 * 64 ? 64 : 256;
}
