import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { decodePolicyBundle, encodePolicyBundle, type GateModelRecord } from '../runs/policy-bundle';
import { bundle, split } from './bundle-fixtures';
import { searchBudget } from './search-budget';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('budget search on a finished run', () => {
  it('hits a speedup target on validation within 5%', async () => {
    for (const policy of ['leenet', 'max-softmax', 'entropy'] as const) {
      // Where the frontier still climbs: past ~2.1× every policy here has reached the backbone's accuracy.
      const r = await searchBudget(bundle(), { kind: 'speedup', value: 2.5 }, { policy });
      expect(r.met).toBe(true);
      expect(r.validation.speedup).toBeGreaterThanOrEqual(2.5);
      expect(r.validation.speedup).toBeLessThan(2.5 * 1.05);
      expect(r.threshold).not.toBeNull();
    }
  });

  it('never reads the test split to choose: other test data, the same choice', async () => {
    const a = await searchBudget(bundle(), { kind: 'speedup', value: 2 });
    const b = await searchBudget(bundle({ testSeed: 99 }), { kind: 'speedup', value: 2 });
    expect({ ...b, test: null, reference: b.reference.validation }).toEqual({ ...a, test: null, reference: a.reference.validation });
    expect(b.test.accuracy).not.toBe(a.test.accuracy);
  });

  it('the fastest point within an accuracy drop of the full model', async () => {
    const r = await searchBudget(bundle(), { kind: 'max-drop', value: 3 }, { policy: 'max-softmax' });
    expect(r.met).toBe(true);
    expect(r.validation.accuracy).toBeGreaterThanOrEqual(r.reference.validation - 0.03 - 1e-9);
    // A looser drop is never slower.
    const looser = await searchBudget(bundle(), { kind: 'max-drop', value: 10 }, { policy: 'max-softmax' });
    expect(looser.validation.speedup).toBeGreaterThanOrEqual(r.validation.speedup);
  });

  it('a latency budget reads the run’s profile; without one it says what to do', async () => {
    const latency = { backend: 'wasm', batchSize: 64, stepMs: [0.2, 0.3, 0.6], exitMs: [0.02, 0.02, 0], fullMsPerImage: 1 };
    const r = await searchBudget(bundle(), { kind: 'ms', value: 0.5 }, { latency });
    expect(r.met).toBe(true);
    expect(r.validation.msPerImage).toBeLessThanOrEqual(0.5);
    await expect(searchBudget(bundle(), { kind: 'ms', value: 0.5 })).rejects.toThrow(/latency profile/);
  });

  it('a target no point meets is reported as unmet with the nearest point', async () => {
    const r = await searchBudget(bundle(), { kind: 'speedup', value: 50 });
    expect(r.met).toBe(false);
    expect(r.message).toMatch(/No operating point .* meets 50× speedup/);
    // Everyone leaves at the first exit: 1 / 0.2.
    expect(r.validation.speedup).toBeCloseTo(5, 5);
  });

  it('patience is searched like the other rules', async () => {
    const r = await searchBudget(bundle(), { kind: 'speedup', value: 1.2 }, { policy: 'patience' });
    expect(r.patience).not.toBeNull();
    expect(r.threshold).toBeNull();
  });

  it('LEENet-loss gates: bisects α, training gates for new α values on the cached outputs', async () => {
    const spec = { inDim: 4, hidden: null, outDim: 1 };
    // Two saved α values whose own points straddle 2.5×: the search trains α values between them.
    const models: GateModelRecord[] = [0, 1].map((alpha) => ({ target: 'leenet', alpha, specs: [spec, { ...spec, inDim: 5 }] }));
    const b = bundle({ gateModels: models });
    const val = split(3000, 1);
    // α = 0: gates that never open; α = 1: gates that always open at the first exit.
    b.gates[0].probs = { val: val.probs.map((p) => p.map(() => 0)), test: val.probs.map((p) => p.map(() => 0)) };
    b.gates[1].probs = { val: val.probs.map((p) => p.map(() => 1)), test: val.probs.map((p) => p.map(() => 1)) };
    const before = tf.memory().numTensors;
    const r = await searchBudget(b, { kind: 'speedup', value: 2.5 }, { policy: 'leenet', retrain: { epochs: 3, seed: 7, steps: 3 } });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.trainedAlphas.length).toBe(3);
    expect(r.trainedAlphas[0]).toBe(0.5);
    expect(r.met).toBe(true);
    expect(r.validation.speedup).toBeGreaterThanOrEqual(2.5);
    expect(r.validation.speedup).toBeLessThan(2.5 * 1.05);
  });

  it('rejects a target that is not a positive number', async () => {
    await expect(searchBudget(bundle(), { kind: 'speedup', value: -1 })).rejects.toThrow(/must be above 0/);
    await expect(searchBudget(bundle(), { kind: 'speedup', value: 0.5 })).rejects.toThrow(/at least 1×/);
    await expect(searchBudget(bundle(), { kind: 'max-drop', value: Number.NaN })).rejects.toThrow(/must be a number/);
  });

  it('the bundle round-trips through its safetensors file', () => {
    const b = bundle();
    const back = decodePolicyBundle(encodePolicyBundle(b), 'test bundle');
    expect(back.meta).toEqual(b.meta);
    expect(Array.from(back.labels.test)).toEqual(Array.from(b.labels.test));
    expect(back.logits.val[2]).toEqual(b.logits.val[2]);
    expect(back.gates[0].probs.val[1]).toEqual(b.gates[0].probs.val[1]);
    expect(() => decodePolicyBundle(new Uint8Array(12), 'broken.safetensors')).toThrow(/broken\.safetensors/);
  });
});
