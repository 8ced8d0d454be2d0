import type { BudgetPolicy } from './policies';

export type BudgetTargetKind = 'speedup' | 'ms' | 'max-drop';

export interface BudgetTarget {
  kind: BudgetTargetKind;
  /** Speedup factor (×), milliseconds per image, or accuracy drop in percentage points. */
  value: number;
}

export interface BudgetChoice extends ChosenPoint {
  target: BudgetTarget;
  met: boolean;
  /** One sentence: what was found, or why the target cannot be met and what the nearest point offers. */
  message: string;
  /** α values whose gates this search trained (LEENet-loss runs), in order. */
  trainedAlphas: number[];
}

export interface PointFigures {
  accuracy: number;
  cost: number;
  speedup: number;
  /** From the run's latency profile on the machine that ran it; null when the run has none. */
  msPerImage: number | null;
  exitFractions: number[];
}

/** One operating point of a run, with what it does on validation (where it was chosen) and on test. */
export interface ChosenPoint {
  policy: BudgetPolicy;
  /** Learned gates: the α whose LEENet objective on validation picks this point (the α trained for, for LEENet-loss gates). */
  alpha: number | null;
  /** Learned gates: the gate threshold; max-softmax / entropy: the rule's threshold; patience: null. */
  threshold: number | null;
  /** Patience: k. */
  patience: number | null;
  gateModel: { index: number; target: string; alpha: number | null } | null;
  /** Accuracy of the backbone's own classifier, the reference of every drop. */
  reference: { validation: number; test: number };
  validation: PointFigures;
  test: PointFigures;
}

export interface RunBudget extends BudgetChoice {
  runId: string;
}


/** What is wrong with a budget, in one sentence, or null: the CLI, the UI and the search all check with this. */
export function budgetProblem(kind: BudgetTargetKind, value: number): string | null {
  if (!Number.isFinite(value)) return 'The budget must be a number.';
  if (value <= 0) return 'The budget must be above 0.';
  if (kind === 'speedup' && value < 1) return 'A speedup is at least 1× (the full model).';
  if (kind === 'max-drop' && value >= 100) return 'The drop is in accuracy points, below 100.';
  return null;
}

/** An operating point's rule in words, the same on the CLI, in the UI and on an export: "learned gates (safe) > 0.9848, α = 0.0124". */
export function describeRule(p: Pick<ChosenPoint, 'policy' | 'threshold' | 'patience' | 'alpha' | 'gateModel'>): string {
  if (p.policy === 'leenet') return `learned gates (${p.gateModel?.target ?? ''}) > ${p.threshold?.toFixed(4)}, α = ${p.alpha}`;
  if (p.policy === 'patience') return `patience, k = ${p.patience}`;
  return `${p.policy} ${p.policy === 'entropy' ? '≤' : '≥'} ${p.threshold?.toFixed(4)}`;
}
