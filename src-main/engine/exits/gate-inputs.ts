import type { LogitSummary } from '../evaluate/logit-summary';
import type { SplitFeatures } from '../train/feature-cache';

export type GateInputKind = 'pooled' | 'flatten' | 'uncertainty';

/** Number of uncertainty features appended by the `uncertainty` gate input: max probability, entropy, margin. */
export const UNCERTAINTY_FEATURES = 3;

export interface GateInputs {
  n: number;
  /** Per early exit, row-major [n, dims[k]]. */
  x: Float32Array[];
  dims: number[];
}

/**
 * What each gate sees: the pooled features (default), the flattened activation (the seed's choice), or the pooled
 * features with the head's max probability, entropy and margin appended, the signals the classic rules use.
 */
export function buildGateInputs(split: SplitFeatures, heads: LogitSummary[], kind: GateInputKind): GateInputs {
  if (kind === 'flatten') {
    if (!split.raw) throw new Error('Gate input "flatten" needs the raw activations, which were not cached.');
    return { n: split.n, x: split.raw, dims: split.rawDims };
  }
  if (kind === 'pooled') return { n: split.n, x: split.features, dims: split.dims };
  const dims = split.dims.map((d) => d + UNCERTAINTY_FEATURES);
  const x = split.features.map((f, k) => {
    const d = split.dims[k];
    const out = new Float32Array(split.n * dims[k]);
    const s = heads[k];
    for (let i = 0; i < split.n; i++) {
      const row = i * dims[k];
      out.set(f.subarray(i * d, i * d + d), row);
      out[row + d] = s.maxProb[i];
      out[row + d + 1] = s.entropy[i];
      out[row + d + 2] = s.margin[i];
    }
    return out;
  });
  return { n: split.n, x, dims };
}
