import type { PolicyName } from '../sweep-types';

/** The policies a budget can be asked of: those a deployed model can run (not the oracle, not a fixed exit). */
export const BUDGET_POLICIES = ['leenet', 'max-softmax', 'entropy', 'patience'] as const satisfies readonly PolicyName[];
export type BudgetPolicy = (typeof BUDGET_POLICIES)[number];
