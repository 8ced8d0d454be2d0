import { describe, expect, it } from 'vitest';
import type { FrontierPoint, RunBudget } from '@api/models';
import { budgetPoint, defaultBudgetText, dialRange, parseBudget, ruleOf } from './budget-dial';

const point = (speedup: number): FrontierPoint => ({ policy: 'max-softmax', param: 0.9, split: 'val', accuracy: 0.9, cost: 1 / speedup, speedup, exitFractions: [1, 0], exitAccuracy: [0.9, null] });

const answer: RunBudget = {
  runId: 'r',
  policy: 'leenet',
  alpha: 0.25,
  threshold: 0.98765,
  patience: null,
  gateModel: { index: 1, target: 'safe', alpha: null },
  target: { kind: 'speedup', value: 2 },
  met: true,
  message: 'ok',
  reference: { validation: 0.99, test: 0.98 },
  validation: { accuracy: 0.985, cost: 0.4, speedup: 2.5, msPerImage: null, exitFractions: [0.6, 0.4] },
  test: { accuracy: 0.975, cost: 0.41, speedup: 2.44, msPerImage: 0.1, exitFractions: [0.58, 0.42] },
  trainedAlphas: [],
};

describe('the budget dial', () => {
  it('reads what was typed, and says what is wrong with it', () => {
    expect(parseBudget('speedup', ' 2.5 ')).toEqual({ target: { kind: 'speedup', value: 2.5 } });
    expect(parseBudget('speedup', '')).toEqual({ error: 'Type a number.' });
    expect(parseBudget('speedup', '2x')).toEqual({ error: 'Type a number.' });
    expect(parseBudget('speedup', '0.5')).toEqual({ error: 'A speedup is at least 1× (the full model).' });
    expect(parseBudget('ms', '-1')).toEqual({ error: 'The budget must be above 0.' });
    expect(parseBudget('max-drop', '150')).toEqual({ error: 'The drop is in accuracy points, below 100.' });
    expect(parseBudget('max-drop', '0.5')).toEqual({ target: { kind: 'max-drop', value: 0.5 } });
  });

  it('spans the slider over what the run can offer', () => {
    const run = { points: [point(1.5), point(7.34), { ...point(99), split: 'test' as const }], latency: null };
    expect(dialRange(run, 'speedup')).toEqual({ min: 1, max: 7.4, step: 0.05 });
    expect(dialRange(run, 'max-drop')).toEqual({ min: 0, max: 5, step: 0.05 });
    // No latency profile: no ms slider (the kind is disabled too).
    expect(dialRange(run, 'ms')).toBeNull();
    const timed = { ...run, latency: { backend: 'wasm', batchSize: 64, stepMs: [0.05, 0.1, 0.15], exitMs: [0.01, 0.01, 0], fullMsPerImage: 0.28 } };
    expect(dialRange(timed, 'ms')).toMatchObject({ min: 0.05, max: 0.3 });
    expect([defaultBudgetText(run, 'speedup'), defaultBudgetText(run, 'max-drop'), defaultBudgetText(run, 'ms'), defaultBudgetText(timed, 'ms')]).toEqual(['2', '0.5', '1', '0.175']);
  });

  it('draws the answer at its test point and names its rule', () => {
    expect(budgetPoint(answer)).toMatchObject({ policy: 'leenet', param: 0.25, split: 'test', accuracy: 0.975, speedup: 2.44, threshold: 0.98765 });
    expect(ruleOf(answer)).toBe('learned gates (safe) > 0.9877, α = 0.25');
    expect(ruleOf({ ...answer, policy: 'entropy', threshold: 0.2 })).toBe('entropy ≤ 0.2000');
    expect(ruleOf({ ...answer, policy: 'patience', threshold: null, patience: 3 })).toBe('patience, k = 3');
  });
});
