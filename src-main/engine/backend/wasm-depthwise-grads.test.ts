import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { memorySnapshot, randomValues, relError, runOn } from './testing';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
interface Case { x: Shape4; filter: Shape4; strides: number | [number, number]; dilations: number | [number, number]; pad: Pad }

const CASES: Case[] = [
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 1], strides: 1, dilations: 1, pad: 'same' },
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 2], strides: 2, dilations: 1, pad: 'same' },
  { x: [3, 9, 8, 2], filter: [3, 3, 2, 1], strides: 2, dilations: 1, pad: 'valid' },
  { x: [2, 11, 11, 2], filter: [5, 5, 2, 2], strides: 2, dilations: 1, pad: 'same' },
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 1], strides: 1, dilations: 2, pad: 'same' },
  { x: [1, 9, 10, 2], filter: [3, 3, 2, 3], strides: 1, dilations: 2, pad: 'valid' },
  { x: [2, 6, 7, 2], filter: [3, 2, 2, 2], strides: 2, dilations: 1, pad: [[0, 0], [0, 3], [2, 1], [0, 0]] },
];

function describeCase(c: Case): string {
  return `x=${JSON.stringify(c.x)} f=${JSON.stringify(c.filter)} s=${c.strides} d=${c.dilations} pad=${JSON.stringify(c.pad)}`;
}

function dyShape(c: Case): Shape4 {
  return tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, c.pad, undefined, true).outShape;
}

function dilation(c: Case): number {
  return typeof c.dilations === 'number' ? c.dilations : c.dilations[0];
}

/** The same filter as a dilation-1 kernel with zeros between taps: the cpu kernels ignore dilations > 1. */
function undilated(c: Case): Case {
  const d = dilation(c);
  const [kh, kw, ch, m] = c.filter;
  return { ...c, dilations: 1, filter: [(kh - 1) * d + 1, (kw - 1) * d + 1, ch, m] };
}

function expandFilter(values: Float32Array, c: Case): Float32Array {
  const d = dilation(c);
  const [kh, kw, ch, m] = c.filter;
  const [, ew] = undilated(c).filter;
  const out = new Float32Array((kh - 1) * d * ew * ch * m + ew * ch * m);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const from = (i * kw + j) * ch * m;
      out.set(values.subarray(from, from + ch * m), (i * d * ew + j * d) * ch * m);
    }
  }
  return out;
}

function pickTaps(expanded: Float32Array, c: Case): Float32Array {
  const d = dilation(c);
  const [kh, kw, ch, m] = c.filter;
  const [, ew] = undilated(c).filter;
  const out = new Float32Array(kh * kw * ch * m);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const from = (i * d * ew + j * d) * ch * m;
      out.set(expanded.subarray(from, from + ch * m), (i * kw + j) * ch * m);
    }
  }
  return out;
}

function backpropFilter(c: Case): tf.Tensor {
  const x = tf.tensor4d(randomValues(c.x, 11), c.x);
  const dy = tf.tensor4d(randomValues(dyShape(c), 12), dyShape(c));
  const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad, dimRoundingMode: undefined, filterShape: c.filter };
  return tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function backpropInput(c: Case, filterValues = randomValues(c.filter, 14)): tf.Tensor {
  const dy = tf.tensor4d(randomValues(dyShape(c), 13), dyShape(c));
  const filter = tf.tensor4d(filterValues, c.filter);
  const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad, dimRoundingMode: undefined, inputShape: c.x };
  return tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy, filter }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

async function cpuFilterReference(c: Case): Promise<Float32Array> {
  const [ref] = await runOn('cpu', () => backpropFilter(undilated(c)));
  return dilation(c) === 1 ? ref : pickTaps(ref, c);
}

async function cpuInputReference(c: Case): Promise<Float32Array> {
  const [ref] = await runOn('cpu', () => backpropInput(undilated(c), expandFilter(randomValues(c.filter, 14), c)));
  return ref;
}

describe('wasm depthwise gradient kernels', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each(CASES.map((c) => [describeCase(c), c] as const))('DepthwiseConv2dNativeBackpropFilter matches cpu: %s', async (_, c) => {
    const [wasm] = await runOn('wasm', () => backpropFilter(c));
    const cpu = await cpuFilterReference(c);
    expect(wasm.length).toBe(c.filter.reduce((a, b) => a * b));
    expect(relError(wasm, cpu)).toBeLessThan(1e-4);
  });

  it.each(CASES.map((c) => [describeCase(c), c] as const))('DepthwiseConv2dNativeBackpropInput matches cpu: %s', async (_, c) => {
    const [wasm] = await runOn('wasm', () => backpropInput(c));
    const cpu = await cpuInputReference(c);
    expect(wasm.length).toBe(c.x.reduce((a, b) => a * b));
    expect(relError(wasm, cpu)).toBeLessThan(1e-4);
  });

  it('tf.grads through depthwiseConv2d match cpu and leak nothing', async () => {
    const xShape: Shape4 = [2, 9, 9, 4];
    const wShape: Shape4 = [3, 3, 4, 2];
    const grads = () => {
      const x = tf.tensor4d(randomValues(xShape, 15), xShape);
      const w = tf.tensor4d(randomValues(wShape, 16), wShape);
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')));
      return tf.grads(f)([x, w]);
    };
    const wasm = await runOn('wasm', grads);
    const cpu = await runOn('cpu', grads);
    expect(relError(wasm[0], cpu[0])).toBeLessThan(1e-4);
    expect(relError(wasm[1], cpu[1])).toBeLessThan(1e-4);

    await tf.setBackend('wasm');
    const before = memorySnapshot();
    for (let i = 0; i < 3; i++) tf.dispose(tf.tidy(grads));
    expect(memorySnapshot()).toEqual(before);
  });
});
