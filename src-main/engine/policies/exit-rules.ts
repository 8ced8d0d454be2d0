import type { LogitSummary } from '../evaluate/logit-summary';

/**
 * Exit index per sample: the first early exit k (of `exits` - 1) where `leaves(k, i)` holds, else the last exit.
 */
export function firstExit(n: number, exits: number, leaves: (k: number, i: number) => boolean): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let k = 0;
    while (k < exits - 1 && !leaves(k, i)) k++;
    out[i] = k;
  }
  return out;
}

/** The seed's rule for learned gates: leave at the first exit whose gate exceeds the threshold (0.5). */
export function gateDecisions(gateProbs: Float32Array[], n: number, threshold = 0.5): Int32Array {
  return firstExit(n, gateProbs.length + 1, (k, i) => gateProbs[k][i] > threshold);
}

export function maxSoftmaxDecisions(summaries: LogitSummary[], n: number, threshold: number): Int32Array {
  return firstExit(n, summaries.length, (k, i) => summaries[k].maxProb[i] >= threshold);
}

/** Leaves where the normalised entropy is at most the threshold. */
export function entropyDecisions(summaries: LogitSummary[], n: number, threshold: number): Int32Array {
  return firstExit(n, summaries.length, (k, i) => summaries[k].entropy[i] <= threshold);
}

/**
 * Patience (PABEE, Zhou et al. 2020): leave at the first early exit where the last `k` exits, this one included,
 * predict the same class. k = 1 leaves at the first exit; a k larger than the early exits never leaves early.
 */
export function patienceDecisions(summaries: LogitSummary[], n: number, k: number): Int32Array {
  return firstExit(n, summaries.length, (j, i) => {
    if (j + 1 < k) return false;
    const c = summaries[j].prediction[i];
    for (let m = j - k + 1; m < j; m++) if (summaries[m].prediction[i] !== c) return false;
    return true;
  });
}

export function fixedDecisions(n: number, exit: number): Int32Array {
  return new Int32Array(n).fill(exit);
}

/** The first exit that classifies the sample correctly; the last exit where none does. */
export function oracleDecisions(summaries: LogitSummary[], n: number): Int32Array {
  return firstExit(n, summaries.length, (k, i) => summaries[k].correct[i] === 1);
}

/**
 * Thresholds for a confidence sweep, chosen on validation: quantiles of the early exits' scores, so the curve's
 * points spread over the whole cost range whatever the scores' distribution.
 */
export function quantileThresholds(scores: Float32Array[], count: number): number[] {
  const all = new Float32Array(scores.reduce((a, s) => a + s.length, 0));
  let o = 0;
  for (const s of scores) {
    all.set(s, o);
    o += s.length;
  }
  all.sort();
  const out = new Set<number>();
  for (let q = 0; q < count; q++) {
    const pos = Math.min(all.length - 1, Math.round((q / (count - 1)) * (all.length - 1)));
    out.add(Number(all[pos].toPrecision(6)));
  }
  return [...out].sort((a, b) => a - b);
}
