import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bn, conv, globalAvgPool, linear, relu } from '../backbones/torch-layers';
import { Rng } from '../util/rng';
import { encodeSafetensors, parseSafetensors, SafetensorsError, type TensorToWrite } from './safetensors';
import { importStateDict, WeightImportError } from './state-dict';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** conv1 (3×3, stride 2, pad 1) → bn1 → relu → conv2 (3×3, pad 1, bias) → relu → mean → fc. */
function buildSmall(): tf.LayersModel {
  const input = tf.input({ shape: [5, 5, 2] });
  let x = relu(bn(conv(input, 'conv1', { filters: 3, kernel: 3, stride: 2, padding: 1, seed: 1 }), 'bn1'), 'r1');
  x = relu(conv(x, 'conv2', { filters: 2, kernel: 3, padding: 1, bias: true, seed: 2 }), 'r2');
  return tf.model({ inputs: input, outputs: linear(globalAvgPool(x, 'gap'), 'fc', 4, 3) });
}

const rand = (rng: Rng, n: number, lo = -1, hi = 1) => Array.from({ length: n }, () => lo + (hi - lo) * rng.next());

/** The state dict as PyTorch holds it: NCHW/OIHW, linear [out, in]. */
function pytorchWeights(rng: Rng) {
  return {
    conv1: rand(rng, 3 * 2 * 3 * 3),
    bnW: rand(rng, 3, 0.5, 1.5),
    bnB: rand(rng, 3),
    bnMean: rand(rng, 3),
    bnVar: rand(rng, 3, 0.2, 2),
    conv2: rand(rng, 2 * 3 * 3 * 3),
    conv2b: rand(rng, 2),
    fc: rand(rng, 4 * 2),
    fcb: rand(rng, 4),
  };
}

/** PyTorch's Conv2d on one CHW image, written out: zero padding on all sides, cross-correlation. */
function conv2d(x: number[], [c, h, w]: number[], weight: number[], o: number, k: number, stride: number, pad: number, bias?: number[]) {
  const oh = Math.floor((h + 2 * pad - k) / stride) + 1;
  const ow = Math.floor((w + 2 * pad - k) / stride) + 1;
  const out = new Array<number>(o * oh * ow).fill(0);
  for (let a = 0; a < o; a++)
    for (let y = 0; y < oh; y++)
      for (let z = 0; z < ow; z++) {
        let s = bias ? bias[a] : 0;
        for (let b = 0; b < c; b++)
          for (let i = 0; i < k; i++)
            for (let j = 0; j < k; j++) {
              const yy = y * stride - pad + i;
              const zz = z * stride - pad + j;
              if (yy >= 0 && yy < h && zz >= 0 && zz < w) s += weight[((a * c + b) * k + i) * k + j] * x[(b * h + yy) * w + zz];
            }
        out[(a * oh + y) * ow + z] = s;
      }
  return { out, shape: [o, oh, ow] };
}

function reference(p: ReturnType<typeof pytorchWeights>, chw: number[]): number[] {
  const c1 = conv2d(chw, [2, 5, 5], p.conv1, 3, 3, 2, 1);
  const hw = c1.shape[1] * c1.shape[2];
  const a1 = c1.out.map((v, i) => {
    const ch = Math.floor(i / hw);
    return Math.max(0, ((v - p.bnMean[ch]) / Math.sqrt(p.bnVar[ch] + 1e-5)) * p.bnW[ch] + p.bnB[ch]);
  });
  const c2 = conv2d(a1, c1.shape, p.conv2, 2, 3, 1, 1, p.conv2b);
  const a2 = c2.out.map((v) => Math.max(0, v));
  const pooled = [0, 1].map((ch) => a2.slice(ch * hw, (ch + 1) * hw).reduce((s, v) => s + v, 0) / hw);
  return [0, 1, 2, 3].map((o) => p.fcb[o] + p.fc[o * 2] * pooled[0] + p.fc[o * 2 + 1] * pooled[1]);
}

function stateDict(p: ReturnType<typeof pytorchWeights>, prefix = ''): Record<string, TensorToWrite> {
  const f32 = (shape: number[], values: number[]): TensorToWrite => ({ dtype: 'F32', shape, values });
  return {
    [`${prefix}conv1.weight`]: f32([3, 2, 3, 3], p.conv1),
    [`${prefix}bn1.weight`]: f32([3], p.bnW),
    [`${prefix}bn1.bias`]: f32([3], p.bnB),
    [`${prefix}bn1.running_mean`]: f32([3], p.bnMean),
    [`${prefix}bn1.running_var`]: f32([3], p.bnVar),
    [`${prefix}bn1.num_batches_tracked`]: { dtype: 'I64', shape: [], values: [1234] },
    [`${prefix}conv2.weight`]: f32([2, 3, 3, 3], p.conv2),
    [`${prefix}conv2.bias`]: f32([2], p.conv2b),
    [`${prefix}fc.weight`]: f32([4, 2], p.fc),
    [`${prefix}fc.bias`]: f32([4], p.fcb),
  };
}

describe('PyTorch state-dict import', () => {
  it('reproduces outputs computed independently from the PyTorch-layout weights (module. prefix tolerated)', () => {
    const rng = new Rng(7);
    const p = pytorchWeights(rng);
    const file = parseSafetensors(encodeSafetensors(stateDict(p, 'module.'), { format: 'pt' }), 'small.safetensors');
    const model = buildSmall();
    importStateDict(model, file);
    const images = [rand(rng, 2 * 5 * 5), rand(rng, 2 * 5 * 5)];
    // The model takes NHWC: move each CHW image's channels last.
    const nhwc = images.flatMap((chw) => Array.from({ length: 50 }, (_, i) => chw[(i % 2) * 25 + Math.floor(i / 2)]));
    const got = (model.predict(tf.tensor4d(nhwc, [2, 5, 5, 2])) as tf.Tensor).arraySync() as number[][];
    images.forEach((chw, n) => {
      const want = reference(p, chw);
      want.forEach((v, o) => expect(got[n][o]).toBeCloseTo(v, 5));
    });
    model.dispose();
  });

  it('lists missing, unexpected and wrongly shaped keys together', () => {
    const p = pytorchWeights(new Rng(1));
    const sd = stateDict(p);
    delete sd['bn1.running_var'];
    sd['extra.weight'] = { dtype: 'F32', shape: [1], values: [0] };
    sd['fc.weight'] = { dtype: 'F32', shape: [5, 2], values: rand(new Rng(2), 10) };
    const model = buildSmall();
    const err = (() => {
      try {
        importStateDict(model, parseSafetensors(encodeSafetensors(sd), 'bad.safetensors'));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(WeightImportError);
    const e = err as WeightImportError;
    expect(e.missing).toEqual(['bn1.running_var']);
    expect(e.unexpected).toEqual(['extra.weight']);
    expect(e.wrongShape).toEqual([{ key: 'fc.weight', expected: [4, 2], found: [5, 2] }]);
    expect(e.message).toMatch(/missing 1: bn1\.running_var; unexpected 1: extra\.weight; wrong shape 1: fc\.weight \[5, 2\] \(expected \[4, 2\]\)/);
    model.dispose();
  });

  it('takes a linear weight stored as a conv kernel [O, C, H, W] (timm VGG head) and applies aliases', () => {
    const input = tf.input({ shape: [2] });
    const model = tf.model({ inputs: input, outputs: linear(input, 'classifier.0', 3, 1) });
    const w = [1, 2, 3, 4, 5, 6];
    const file = parseSafetensors(
      encodeSafetensors({ 'pre_logits.fc1.weight': { dtype: 'F32', shape: [3, 2, 1, 1], values: w }, 'pre_logits.fc1.bias': { dtype: 'F32', shape: [3], values: [0, 0, 1] } }),
    );
    importStateDict(model, file, { aliases: { 'pre_logits.fc1': 'classifier.0' } });
    expect(Array.from((model.predict(tf.tensor2d([[1, 1]])) as tf.Tensor).dataSync())).toEqual([3, 7, 12]);
    model.dispose();
  });
});

describe('safetensors', () => {
  it('decodes F16 and BF16 exactly where the value is representable', () => {
    const values = [0.5, -2, 1.25, 0, 65504, -0.099975586];
    const f = parseSafetensors(
      encodeSafetensors({ h: { dtype: 'F16', shape: [6], values }, b: { dtype: 'BF16', shape: [2, 2], values: [0.5, -2, 1.25, 3] } }),
    );
    expect(Array.from(f.read('h'))).toEqual(values.map((v) => Math.fround(v)));
    expect(Array.from(f.read('b'))).toEqual([0.5, -2, 1.25, 3]);
    expect(f.entries.get('b')?.shape).toEqual([2, 2]);
  });

  it('names the problem in truncated and corrupt files', () => {
    const good = encodeSafetensors({ w: { dtype: 'F32', shape: [4], values: [1, 2, 3, 4] } });
    expect(() => parseSafetensors(good.subarray(0, good.length - 3), 'cut.safetensors')).toThrow(/cut\.safetensors is truncated: tensor "w" ends at byte 16/);
    expect(() => parseSafetensors(good.subarray(0, 20), 'cut2.safetensors')).toThrow(/header claims/);
    expect(() => parseSafetensors(new Uint8Array(4), 'tiny')).toThrow(SafetensorsError);
    const junk = new Uint8Array(32);
    new DataView(junk.buffer).setBigUint64(0, 8n, true);
    expect(() => parseSafetensors(junk, 'junk')).toThrow(/header is not JSON/);
  });
});

describe('whole architectures', () => {
  it('a CIFAR ResNet-20 exported as a PyTorch state dict imports into a fresh one with identical outputs', async () => {
    const { buildCifarResnet } = await import('../backbones/cifar-resnet');
    const { exportStateDict } = await import('./export-state-dict');
    const source = buildCifarResnet(20, 11, 10);
    // Non-trivial running statistics, so the BN buffers are checked too.
    for (const l of source.layers.filter((x) => x.getClassName() === 'BatchNormalization')) {
      const [g, b, m, v] = l.getWeights();
      l.setWeights([g, b, tf.randomUniform(m.shape, -0.5, 0.5, 'float32', 3), tf.randomUniform(v.shape, 0.5, 2, 'float32', 4)]);
    }
    const sd = exportStateDict(source);
    expect(Object.keys(sd)).toContain('layer2.0.conv1.weight');
    expect(sd['layer2.0.conv1.weight'].shape).toEqual([32, 16, 3, 3]);
    expect(sd['linear.weight'].shape).toEqual([10, 64]);
    const target = buildCifarResnet(20, 99, 10);
    importStateDict(target, parseSafetensors(encodeSafetensors(sd)));
    const x = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 5);
    const a = (source.predict(x) as tf.Tensor).dataSync();
    const b = (target.predict(x) as tf.Tensor).dataSync();
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 4));
    source.dispose();
    target.dispose();
  });
});

describe('torchvision state-dict names', () => {
  // torchvision's state_dict() sizes without the num_batches_tracked buffers (one per batch norm).
  it.each([
    ['resnet50', 320 - 53, { 'conv1.weight': [64, 3, 7, 7], 'layer1.0.downsample.0.weight': [256, 64, 1, 1], 'layer4.2.bn3.running_var': [2048], 'fc.weight': [1000, 2048] }],
    ['vgg11', 22, { 'features.0.weight': [64, 3, 3, 3], 'features.18.bias': [512], 'classifier.0.weight': [4096, 25088], 'classifier.6.bias': [1000] }],
    [
      'densenet121',
      727 - 121,
      { 'features.conv0.weight': [64, 3, 7, 7], 'features.denseblock1.denselayer1.conv1.weight': [128, 64, 1, 1], 'features.transition3.conv.weight': [512, 1024, 1, 1], 'features.norm5.running_mean': [1024], 'classifier.weight': [1000, 1024] },
    ],
  ] as const)('%s reads %i keys with torchvision names and shapes', async (name, count, samples) => {
    const { backboneSpec } = await import('../backbones/catalog');
    const { expectedStateDict } = await import('./state-dict');
    const model = backboneSpec(name).build(0, 1000);
    const keys = expectedStateDict(model);
    expect(keys).toHaveLength(count);
    const byKey = new Map(keys.map((k) => [k.key, k.shape]));
    for (const [key, shape] of Object.entries(samples)) expect(byKey.get(key)).toEqual(shape);
    model.dispose();
  });
});
