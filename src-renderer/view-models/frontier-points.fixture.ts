import type { FrontierPoint } from '@api/models';

/** Frontier points for tests: a run without envelope flags (`points`) and one with an envelope (`enveloped`). */
export const pt = (policy: FrontierPoint['policy'], param: number | null, accuracy: number, cost: number, split: 'val' | 'test' = 'test'): FrontierPoint => ({
  policy,
  param,
  split,
  accuracy,
  cost,
  speedup: 1 / cost,
  exitFractions: [1, 0],
  exitAccuracy: [accuracy, null],
});

export const points = [
  pt('fixed', 0, 0.9, 0.4),
  pt('fixed', 1, 0.99, 1.01),
  pt('leenet', 0, 0.992, 0.8),
  pt('leenet', 0.5, 0.983, 0.45),
  pt('leenet', 0.5, 0.5, 0.1, 'val'),
  pt('max-softmax', 0.9, 0.98, 0.5),
  pt('oracle', null, 0.999, 0.42),
];

// A run with an envelope: α 0 and 0.5 (their own points), two threshold-sweep points, the envelope chosen on validation.
const learned = (param: number, accuracy: number, cost: number, extra: Partial<FrontierPoint>): FrontierPoint => ({ ...pt('leenet', param, accuracy, cost), ...extra });
export const enveloped = [
  pt('fixed', 0, 0.9, 0.4),
  pt('fixed', 1, 0.99, 1.01),
  learned(0, 0.992, 0.8, { threshold: 0.5, envelope: false }),
  learned(0.5, 0.983, 0.45, { threshold: 0.5, envelope: true }),
  learned(0.5, 0.95, 0.3, { threshold: 0.31, curve: true, envelope: true }),
  learned(0.5, 0.99, 0.7, { threshold: 0.72, curve: true, envelope: true }),
  learned(0.5, 0.97, 0.6, { threshold: 0.6, curve: true, envelope: false }),
  { ...pt('leenet', 0.5, 0.9, 0.3, 'val'), envelope: true },
  pt('max-softmax', 0.9, 0.98, 0.5),
];
