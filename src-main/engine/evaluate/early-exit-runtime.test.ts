import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { backboneSpec } from '../backbones/catalog';
import { MNIST_SMALL_EXITS } from '../backbones/mnist-small';
import { loadMnist } from '../data/mnist';
import { scaleLogits } from '../calibration/temperature';
import { DenseNet } from '../exits/dense-net';
import { DenseExitHead } from '../exits/head-model';
import { buildGateInputs } from '../exits/gate-inputs';
import { summariseLogits } from './logit-summary';
import { gateDecisions } from '../policies/exit-rules';
import { extractFeatures } from '../train/feature-cache';
import { predictRows } from '../train/train-heads';
import { predictGates } from '../train/train-gates';
import { earlyExitBatch } from './early-exit-runtime';
import { RuntimeTimer } from './runtime-timer';
import { SegmentedBackbone } from './segmented-backbone';

describe('early-exit runtime', () => {
  it.each(['pooled', 'uncertainty', 'both', 'flatten'] as const)('%s gates: decides exactly as the cached evaluation does (calibrated, any threshold), and frees every tensor', async (kind) => {
    await initBackend('wasm');
    const spec = backboneSpec('mnist-small');
    const backbone = spec.build(3, 10);
    const mnist = loadMnist();
    const idx = Int32Array.from({ length: 96 }, (_, i) => i);
    const exitLayers = [...MNIST_SMALL_EXITS];
    const cached = await extractFeatures(backbone, mnist.train, idx, { exitLayers, pooling: 'adaptive', grid: 4, keepRaw: kind === 'flatten', makeInput: spec.makeInput });
    const heads = cached.dims.map((d, k) => new DenseNet({ inDim: d, hidden: null, outDim: 10 }, 10 + k));
    heads.forEach((net, k) => net.setStandardisation(cached.features[k], cached.n));
    const headLogits = await Promise.all(heads.map((h, k) => predictRows(h, cached.features[k], cached.n)));
    // Temperatures far from 1, so a runtime that forgot them would compute other uncertainty features.
    const temperatures = [0.5, 1.7, 3];
    const inputs = buildGateInputs(cached, headLogits.map((l, k) => summariseLogits(scaleLogits(l, temperatures[k]), cached.n, 10, cached.labels)), kind);
    const gates = inputs.dims.map((d, k) => new DenseNet({ inDim: d, hidden: null, outDim: 1 }, 20 + k));
    // Standardise so that the random gates split the batch rather than send everyone one way.
    gates.forEach((net, k) => net.setStandardisation(inputs.x[k], inputs.n));
    const probs = await predictGates(gates, inputs);
    const threshold = [...probs[0]].sort((a, b) => a - b)[Math.floor(cached.n / 3)];
    const decisions = gateDecisions(probs, cached.n, threshold);
    const argmax = (logits: Float32Array, i: number) => {
      const row = logits.subarray(i * 10, i * 10 + 10);
      return row.indexOf(Math.max(...row));
    };
    const expected = Array.from(decisions, (e, i) => (e < 3 ? argmax(headLogits[e], i) : argmax(cached.finalLogits, i)));
    expect(new Set(decisions).size).toBeGreaterThan(1);

    const model = { backbone, exitLayers, heads: heads.map((h) => new DenseExitHead(h)), gates, pooling: 'adaptive' as const, grid: 4, gateInput: kind, threshold, temperatures };
    const seg = new SegmentedBackbone(backbone, exitLayers);
    const x = spec.makeInput(mnist.train, idx);
    const before = tf.memory().numTensors;
    const out = await earlyExitBatch(model, seg, x);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(out.exit)).toEqual(Array.from(decisions));
    expect(Array.from(out.prediction)).toEqual(expected);

    const one = x.slice([0, 0, 0, 0], [1, -1, -1, -1]);
    const timer = new RuntimeTimer(backbone, exitLayers, { batched: [x, x], single: [one] });
    const timing = await timer.measure(model);
    expect(timing.images).toBe(192);
    expect(timing.earlyMsPerImage).toBeGreaterThan(0);
    expect(timing.single?.batchSize).toBe(1);
    // The plain backbone is timed once: a second operating point reuses it.
    expect((await timer.measure({ ...model, threshold: 0.99 })).fullMsPerImage).toBe(timing.fullMsPerImage);
    one.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    [...heads, ...gates].forEach((n) => n.dispose());
    backbone.dispose();
  });

  it('frees every tensor it made when a segment or a gate throws midway', async () => {
    await initBackend('wasm');
    const spec = backboneSpec('mnist-small');
    const backbone = spec.build(3, 10);
    const exitLayers = [...MNIST_SMALL_EXITS];
    const real = new SegmentedBackbone(backbone, exitLayers);
    const mnist = loadMnist();
    const x = spec.makeInput(mnist.train, Int32Array.from({ length: 8 }, (_, i) => i));
    const shapes = exitLayers.map((name) => (backbone.getLayer(name).outputShape as number[]).slice(1));
    // Adaptive pooling to a 4×4 grid: channels × 16 inputs per head.
    const heads = shapes.map((s, k) => new DenseExitHead(new DenseNet({ inDim: s[2] * 16, hidden: null, outDim: 10 }, k)));
    const base = { backbone, exitLayers, heads, pooling: 'adaptive' as const, grid: 4 };
    // A segment that fails after its layers have run (their outputs are already in the state).
    const failingSegment = {
      inputName: real.inputName,
      count: real.count,
      run: (k: number, state: Map<string, tf.Tensor>) => {
        const out = real.run(k, state);
        if (k === 1) throw new Error('segment 1 failed');
        return out;
      },
      shrink: (k: number, state: Map<string, tf.Tensor>, keep: Int32Array) => real.shrink(k, state, keep),
    };
    // A gate with the wrong input width: its matMul throws once the head's logits exist.
    const wrongGates = heads.map((_, k) => new DenseNet({ inDim: 3, hidden: null, outDim: 1 }, 40 + k));
    const before = tf.memory().numTensors;
    await expect(earlyExitBatch({ ...base, gates: [], rule: { kind: 'max-softmax', threshold: 0.99 } }, failingSegment, x)).rejects.toThrow(/segment 1 failed/);
    expect(tf.memory().numTensors).toBe(before);
    await expect(earlyExitBatch({ ...base, gates: wrongGates, gateInput: 'pooled', threshold: 0.5 }, real, x)).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    [...heads, ...wrongGates].forEach((n) => n.dispose());
    backbone.dispose();
  });
});
