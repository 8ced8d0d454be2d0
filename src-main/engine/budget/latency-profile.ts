/**
 * Measured milliseconds per image of each step of early-exit inference on the backend that ran the sweep: step k
 * runs backbone segment k, then exit k's pooling, head and gate (the last step: the last segment and the
 * backbone's classifier). A sample that leaves at exit k has paid steps 0…k.
 */
export interface LatencyProfile {
  backend: string;
  batchSize: number;
  stepMs: number[];
  /** Of each step, the part spent in the exit (pooling, head, gate) rather than the backbone segment. */
  exitMs: number[];
  /** The plain backbone, no exits, at the same batch size. */
  fullMsPerImage: number;
}

/** Expected ms per image when `reach[k]` of the samples run step k. */
export function msPerImage(profile: LatencyProfile, reach: readonly number[]): number {
  return reach.reduce((a, r, k) => a + r * (profile.stepMs[k] ?? 0), 0);
}

/** Each exit's latency as a fraction of the plain backbone: the `latency` cost model, as `flops` reports FLOPs. */
export function latencyFractions(profile: LatencyProfile): number[] {
  let passed = 0;
  return profile.stepMs.map((ms) => (passed += ms) / profile.fullMsPerImage);
}

/** The exit costs of the `latency` cost model, in the shape `exitCosts` returns for FLOPs. */
export function latencyCosts(profile: LatencyProfile): { raw: number[]; fraction: number[]; normalised: number[]; backboneTotal: number } {
  let passed = 0;
  const raw = profile.stepMs.map((ms) => (passed += ms));
  const span = raw[raw.length - 1] - raw[0];
  return { raw, fraction: latencyFractions(profile), normalised: raw.map((c) => (span > 0 ? (c - raw[0]) / span : 0)), backboneTotal: profile.fullMsPerImage };
}
