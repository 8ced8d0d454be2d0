import type { BudgetTarget, BudgetTargetKind, FrontierPoint, RunBudget, RunDetail } from '@api/models';
import { budgetProblem } from '@api/budget-rules';

export type DialPolicy = 'best' | 'leenet' | 'max-softmax' | 'entropy' | 'patience';

/** The typed budget as a target, or what is wrong with it. */
export function parseBudget(kind: BudgetTargetKind, text: string): { target: BudgetTarget } | { error: string } {
  const value = Number(text.trim());
  if (!text.trim() || !Number.isFinite(value)) return { error: 'Type a number.' };
  const problem = budgetProblem(kind, value);
  return problem ? { error: problem } : { target: { kind, value } };
}

/** The slider's span for a run: up to its fastest point, its latency profile's range, or a 5-point drop. */
export function dialRange(run: Pick<RunDetail, 'points' | 'latency'>, kind: BudgetTargetKind): { min: number; max: number; step: number } | null {
  if (kind === 'max-drop') return { min: 0, max: 5, step: 0.05 };
  if (kind === 'speedup') {
    const fastest = Math.max(1, ...run.points.filter((p) => p.split === 'val' && Number.isFinite(p.speedup)).map((p) => p.speedup));
    return { min: 1, max: Math.ceil(fastest * 10) / 10, step: 0.05 };
  }
  if (!run.latency) return null;
  const first = run.latency.stepMs[0] ?? 0;
  const full = run.latency.stepMs.reduce((a, b) => a + b, 0);
  return { min: Math.floor(first * 1000 + 1e-9) / 1000, max: Math.ceil(full * 1000 - 1e-9) / 1000, step: Math.max(0.0005, (full - first) / 200) };
}

/**
 * The budget typed in for a kind when the user switches to it: a 2× speedup, a 0.5-point drop, or the middle of the
 * run's latency range (1 ms without one).
 */
export function defaultBudgetText(run: Pick<RunDetail, 'points' | 'latency'>, kind: BudgetTargetKind): string {
  if (kind === 'speedup') return '2';
  if (kind === 'max-drop') return '0.5';
  const r = dialRange(run, kind);
  return r ? String(Number(((r.min + r.max) / 2).toFixed(3))) : '1';
}

/** The chosen operating point as a test-split frontier point, so the chart can draw and describe it. */
export function budgetPoint(r: RunBudget): FrontierPoint {
  return {
    policy: r.policy,
    param: r.policy === 'leenet' ? r.alpha : r.policy === 'patience' ? r.patience : r.threshold,
    split: 'test',
    accuracy: r.test.accuracy,
    cost: r.test.cost,
    speedup: r.test.speedup,
    exitFractions: r.test.exitFractions,
    exitAccuracy: r.test.exitFractions.map(() => null),
    ...(r.policy === 'leenet' && r.threshold !== null ? { threshold: r.threshold } : {}),
  };
}

/** The rule of a budget answer in words (the engine's wording, shared with the CLI and exports). */
export { describeRule as ruleOf } from '@api/budget-rules';
