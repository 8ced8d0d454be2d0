import type { LogitSummary } from '../evaluate/logit-summary';
import type { SplitFeatures } from '../train/feature-cache';

export type GateInputKind = 'pooled' | 'flatten' | 'uncertainty' | 'both';

/**
 * Uncertainty features of exit k: its top-1 log-odds, top-1 − top-2 logit gap, log entropy, whether it agrees with
 * exit k−1's prediction, and the top-1 log-odds of every earlier exit. So exit k has 4 + k of them.
 */
export const uncertaintyDims = (k: number) => 4 + k;

/** What the uncertainty features of one exit need from the exits up to it (calibrated summaries). */
export type ExitSignals = Pick<LogitSummary, 'prediction' | 'logOdds' | 'gap' | 'entropy'>;

export interface GateInputs {
  n: number;
  /** Per early exit, row-major [n, dims[k]]. */
  x: Float32Array[];
  dims: number[];
}

/**
 * Writes exit k's uncertainty features for `n` samples into `out` (row stride `stride`, starting at column `at`).
 * `signals[j]` are exits 0…k, aligned to the same n samples. The cached evaluation and real early exit both build
 * gate inputs here, so they cannot disagree.
 */
export function writeUncertainty(signals: ExitSignals[], k: number, n: number, out: Float32Array, stride: number, at: number): void {
  const s = signals[k];
  for (let i = 0; i < n; i++) {
    const row = i * stride + at;
    out[row] = s.logOdds[i];
    out[row + 1] = s.gap[i];
    out[row + 2] = Math.log(s.entropy[i] + 1e-6);
    out[row + 3] = k > 0 && signals[k - 1].prediction[i] === s.prediction[i] ? 1 : 0;
    for (let j = 0; j < k; j++) out[row + 4 + j] = signals[j].logOdds[i];
  }
}

/** Pooled rows (width d) with exit k's uncertainty features appended, or the uncertainty features alone. */
export function gateRows(kind: 'uncertainty' | 'both', pooled: Float32Array | null, d: number, signals: ExitSignals[], k: number, n: number): Float32Array {
  const u = uncertaintyDims(k);
  const width = kind === 'both' ? d + u : u;
  const out = new Float32Array(n * width);
  if (kind === 'both' && pooled) for (let i = 0; i < n; i++) out.set(pooled.subarray(i * d, i * d + d), i * width);
  writeUncertainty(signals, k, n, out, width, kind === 'both' ? d : 0);
  return out;
}

/**
 * What each gate sees: the pooled features, the flattened activation (the seed's choice), the uncertainty features
 * of the exits so far (the signals the classic rules use, and more), or pooled and uncertainty together.
 */
export function buildGateInputs(split: SplitFeatures, heads: LogitSummary[], kind: GateInputKind): GateInputs {
  if (kind === 'flatten') {
    if (!split.raw) throw new Error('Gate input "flatten" needs the raw activations, which were not cached.');
    return { n: split.n, x: split.raw, dims: split.rawDims };
  }
  if (kind === 'pooled') return { n: split.n, x: split.features, dims: split.dims };
  const early = split.features.length;
  const dims = Array.from({ length: early }, (_, k) => (kind === 'both' ? split.dims[k] : 0) + uncertaintyDims(k));
  const x = Array.from({ length: early }, (_, k) => gateRows(kind, split.features[k], split.dims[k], heads, k, split.n));
  return { n: split.n, x, dims };
}
