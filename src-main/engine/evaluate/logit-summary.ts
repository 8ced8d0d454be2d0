/** What the policies and the exit browser need from one exit's logits, per sample. */
export interface LogitSummary {
  prediction: Int32Array;
  /** Max softmax probability. */
  maxProb: Float32Array;
  /** Softmax entropy divided by log(C), in [0, 1]. */
  entropy: Float32Array;
  /**
   * log(p₁ / (1 − p₁)) of the top class, computed from the logits so it stays exact where p₁ rounds to 1: gates
   * read confidence in this form, because 0.999 and 0.99999 differ little as probabilities but a lot as evidence.
   */
  logOdds: Float32Array;
  /** Top-1 minus top-2 logit: log(p₁ / p₂). */
  gap: Float32Array;
  /** Cross-entropy against the label (natural log). */
  ce: Float32Array;
  correct: Uint8Array;
}

/** Caps log-odds at ≈ 69 (p₁ = 1 − 1e-30): beyond that the difference is float noise, and Infinity would poison a gate. */
const MIN_REST = 1e-30;
const LOG_ODDS_CAP = -Math.log(MIN_REST);

/** Summarises row-major [n, c] logits against labels in one pass, with a numerically stable softmax. */
export function summariseLogits(logits: Float32Array, n: number, c: number, labels: Int32Array): LogitSummary {
  const out: LogitSummary = {
    prediction: new Int32Array(n),
    maxProb: new Float32Array(n),
    entropy: new Float32Array(n),
    logOdds: new Float32Array(n),
    gap: new Float32Array(n),
    ce: new Float32Array(n),
    correct: new Uint8Array(n),
  };
  const logC = Math.log(c);
  for (let i = 0; i < n; i++) {
    const row = i * c;
    let max = -Infinity;
    let arg = 0;
    for (let k = 0; k < c; k++) {
      if (logits[row + k] > max) {
        max = logits[row + k];
        arg = k;
      }
    }
    let z = 0;
    let rest = 0;
    let second = -Infinity;
    for (let k = 0; k < c; k++) {
      const e = Math.exp(logits[row + k] - max);
      z += e;
      if (k !== arg) {
        rest += e;
        second = Math.max(second, logits[row + k]);
      }
    }
    const logZ = Math.log(z);
    let h = 0;
    for (let k = 0; k < c; k++) {
      const logp = logits[row + k] - max - logZ;
      const p = Math.exp(logp);
      if (p > 0) h -= p * logp;
    }
    out.prediction[i] = arg;
    // The top class's logit is the max, so its log-probability is −log Z.
    out.maxProb[i] = Math.exp(-logZ);
    out.entropy[i] = c > 1 ? h / logC : 0;
    out.logOdds[i] = c > 1 ? -Math.log(Math.max(rest, MIN_REST)) : LOG_ODDS_CAP;
    out.gap[i] = c > 1 ? Math.min(max - second, LOG_ODDS_CAP) : LOG_ODDS_CAP;
    out.ce[i] = -(logits[row + labels[i]] - max - logZ);
    out.correct[i] = arg === labels[i] ? 1 : 0;
  }
  return out;
}
