import { describe, expect, it } from 'vitest';
import { summariseLogits } from '../evaluate/logit-summary';
import { Rng } from '../util/rng';
import { calibrateExits } from './calibrate-exits';
import { expectedCalibrationError, fitTemperature, meanNll, scaleLogits } from './temperature';

/**
 * Logits of a calibrated 5-class model: the label is drawn from softmax(z), so P(label | z) = softmax(z) exactly.
 * Multiplying z by `overconfidence` makes the model over-confident by that factor.
 */
function sample(n: number, overconfidence: number, seed: number) {
  const rng = new Rng(seed);
  const c = 5;
  const logits = new Float32Array(n * c);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: c }, () => 2 * (rng.next() - 0.5) * 3);
    const e = z.map((v) => Math.exp(v));
    const total = e.reduce((a, b) => a + b, 0);
    let u = rng.next() * total;
    let y = 0;
    while (y < c - 1 && u > e[y]) u -= e[y++];
    labels[i] = y;
    z.forEach((v, k) => (logits[i * c + k] = v * overconfidence));
  }
  return { logits, labels, n, c };
}

describe('temperature scaling', () => {
  it('recovers the over-confidence factor and lowers ECE on held-out samples', () => {
    const fit = sample(4000, 3, 1);
    const held = sample(4000, 3, 2);
    const t = fitTemperature(fit.logits, fit.n, fit.c, fit.labels);
    expect(t).toBeGreaterThan(2.6);
    expect(t).toBeLessThan(3.4);
    expect(meanNll(held.logits, held.n, held.c, held.labels, t)).toBeLessThan(meanNll(held.logits, held.n, held.c, held.labels, 1));
    const before = summariseLogits(held.logits, held.n, held.c, held.labels);
    const after = summariseLogits(scaleLogits(held.logits, t), held.n, held.c, held.labels);
    const eceBefore = expectedCalibrationError(before.maxProb, before.correct);
    const eceAfter = expectedCalibrationError(after.maxProb, after.correct);
    expect(eceBefore).toBeGreaterThan(0.1);
    expect(eceAfter).toBeLessThan(eceBefore / 3);
    // No prediction changes.
    expect(Array.from(after.prediction)).toEqual(Array.from(before.prediction));
  });

  it('leaves a calibrated model near T = 1 and an under-confident one gets T < 1', () => {
    const calibrated = sample(4000, 1, 3);
    expect(fitTemperature(calibrated.logits, calibrated.n, calibrated.c, calibrated.labels)).toBeCloseTo(1, 0);
    const timid = sample(4000, 0.4, 4);
    expect(fitTemperature(timid.logits, timid.n, timid.c, timid.labels)).toBeLessThan(0.6);
  });

  it('ECE is 0 when confidence equals accuracy in every bin, and counts the gap otherwise', () => {
    expect(expectedCalibrationError(new Float32Array([1, 1]), new Uint8Array([1, 1]))).toBe(0);
    // Half the samples at 0.9 confidence, all wrong: gap 0.9 on half the mass.
    expect(expectedCalibrationError(new Float32Array([0.9, 0.9, 1, 1]), new Uint8Array([0, 0, 1, 1]))).toBeCloseTo(0.45, 6);
    expect(expectedCalibrationError(new Float32Array([]), new Uint8Array([]))).toBe(0);
  });

  it('calibrateExits fits on validation only and reports ECE before and after on test', () => {
    const val = sample(3000, 2.5, 5);
    const test = sample(3000, 2.5, 6);
    const asSplit = (s: ReturnType<typeof sample>) => ({ n: s.n, classes: s.c, labels: s.labels, logits: [s.logits, s.logits.map((z) => z / 2.5)] });
    const cal = calibrateExits(asSplit(val), 'temperature');
    expect(cal.temperatures[0]).toBeGreaterThan(2);
    expect(cal.temperatures[1]).toBeCloseTo(1, 0);
    const [first] = cal.reports(asSplit(test), cal.summarise(asSplit(test)), ['exit0', 'final'], [0.3, 1]);
    expect(first.ece.after).toBeLessThan(first.ece.before);
    expect(first.name).toBe('exit0');
    // Shuffling the test labels changes nothing that was fitted.
    const shuffled = { ...asSplit(val), labels: asSplit(test).labels };
    expect(calibrateExits(asSplit(val), 'temperature').temperatures).toEqual(cal.temperatures);
    expect(calibrateExits(shuffled, 'none').temperatures).toEqual([1, 1]);
  });
});
