import { describe, expect, it } from 'vitest';
import type { FrontierPoint, RunSummaryTable } from './models';
import { runHeadline } from './run-headline';

const point = (patch: Partial<FrontierPoint>): FrontierPoint => ({
  policy: 'leenet',
  param: 0,
  split: 'test',
  accuracy: 0.5,
  cost: 0.5,
  speedup: 2,
  exitFractions: [1],
  exitAccuracy: [0.5],
  ...patch,
});
const stat = (mean: number) => ({ mean, std: 0, n: 1 });
const summary = (speedups: [number, number | null][]): RunSummaryTable => ({
  reference: { name: 'final', accuracy: stat(0.9) },
  seeds: 1,
  policies: [
    { policy: 'max-softmax', speedupAtDrop: [{ drop: 0.01, value: stat(9) }], accuracyAtCost: [], auc: stat(0.5) },
    { policy: 'leenet', speedupAtDrop: speedups.map(([drop, v]) => ({ drop, value: v === null ? null : stat(v) })), accuracyAtCost: [], auc: stat(0.5) },
  ],
  best: {},
});

describe('run headline', () => {
  it('takes the best learned point chosen on validation, never a sweep point off the envelope or another split', () => {
    const points = [
      point({ accuracy: 0.8, envelope: true }),
      point({ accuracy: 0.95, envelope: false, curve: true }),
      point({ accuracy: 0.99, split: 'val', envelope: true }),
      point({ policy: 'oracle', accuracy: 1, envelope: true }),
      point({ accuracy: 0.85, envelope: true, curve: true }),
    ];
    expect(runHeadline({ points }).accuracy).toBe(0.85);
  });

  it('falls back to each α’s own point in runs written before the envelope flag', () => {
    expect(runHeadline({ points: [point({ accuracy: 0.7 }), point({ accuracy: 0.9, curve: true })] }).accuracy).toBe(0.7);
    expect(runHeadline({ points: [] }).accuracy).toBeNull();
  });

  it('reads the learned gates’ speedup in the 1-point column of the summary', () => {
    expect(runHeadline({ points: [], summary: summary([[0.005, 1.5], [0.01, 2.5]]) }).speedup).toBe(2.5);
    expect(runHeadline({ points: [], summary: summary([[0.01, null]]) }).speedup).toBeNull();
    expect(runHeadline({ points: [], summary: null }).speedup).toBeNull();
  });

  it('keeps each exit’s accuracy in depth order, the backbone’s own classifier last', () => {
    const exitReports = [
      { name: 'stage1', cost: 0.3, accuracy: 0.6, temperature: 1, ece: { before: 0, after: 0 } },
      { name: 'final', cost: 1.02, accuracy: 0.4, temperature: 1, ece: { before: 0, after: 0 } },
    ];
    expect(runHeadline({ points: [], exitReports }).exits).toEqual([
      { name: 'stage1', accuracy: 0.6 },
      { name: 'final', accuracy: 0.4 },
    ]);
  });
});
