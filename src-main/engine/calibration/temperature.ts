/**
 * Temperature scaling (Guo et al., 2017): one scalar T per exit dividing the logits, fitted on validation by
 * minimising the negative log-likelihood. It changes no prediction, only how confident each exit says it is, so
 * thresholds shared across exits and gates reading probabilities compare like with like.
 */

/** Mean negative log-likelihood of row-major [n, c] logits divided by `t`. */
export function meanNll(logits: Float32Array, n: number, c: number, labels: Int32Array, t: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const row = i * c;
    let max = -Infinity;
    for (let k = 0; k < c; k++) max = Math.max(max, logits[row + k] / t);
    let z = 0;
    for (let k = 0; k < c; k++) z += Math.exp(logits[row + k] / t - max);
    total += Math.log(z) + max - logits[row + labels[i]] / t;
  }
  return total / Math.max(1, n);
}

const LOG_T_RANGE: [number, number] = [Math.log(0.05), Math.log(20)];
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * The temperature minimising validation NLL. The NLL is convex in 1/T, so a golden-section search over log T in
 * [0.05, 20] finds it; 60 steps narrow the bracket below 1e-10 of its width.
 */
export function fitTemperature(logits: Float32Array, n: number, c: number, labels: Int32Array): number {
  if (n === 0) return 1;
  const f = (logT: number) => meanNll(logits, n, c, labels, Math.exp(logT));
  let [a, b] = LOG_T_RANGE;
  let x1 = b - GOLDEN * (b - a);
  let x2 = a + GOLDEN * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let step = 0; step < 60; step++) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - GOLDEN * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + GOLDEN * (b - a);
      f2 = f(x2);
    }
  }
  const t = Math.exp((a + b) / 2);
  // A flat objective (every sample right with huge margins) gives no reason to move away from the model's own scale.
  return f(Math.log(t)) < f(0) - 1e-12 ? t : 1;
}

/** Logits divided by `t` (a new array; `t` = 1 returns the input). */
export function scaleLogits(logits: Float32Array, t: number): Float32Array {
  return t === 1 ? logits : logits.map((z) => z / t);
}

/**
 * Expected calibration error with equal-width confidence bins: Σ_b |B_b|/n · |accuracy(B_b) − confidence(B_b)|.
 * @param confidence max softmax probability per sample.
 * @param correct 1 where the prediction is right.
 */
export function expectedCalibrationError(confidence: Float32Array, correct: Uint8Array, bins = 15): number {
  const n = confidence.length;
  if (n === 0) return 0;
  const count = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const right = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(confidence[i] * bins) - 1));
    count[b]++;
    conf[b] += confidence[i];
    right[b] += correct[i];
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0) ece += Math.abs(right[b] - conf[b]) / n;
  return ece;
}
