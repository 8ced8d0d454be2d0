import { budgetProblem, type BudgetTarget } from '../engine/budget/budget-types';
import { UsageError } from './usage-error';

export const TARGET_FLAGS = { speedup: { type: 'string' }, ms: { type: 'string' }, 'max-drop': { type: 'string' } } as const;

/** Exactly one of --speedup X, --ms Y, --max-drop P, as a budget target; anything else is a usage error. */
export function budgetTarget(values: { speedup?: string; ms?: string; 'max-drop'?: string }, command: string): BudgetTarget | null {
  const given = (['speedup', 'ms', 'max-drop'] as const).filter((k) => values[k] !== undefined);
  if (given.length > 1) throw new UsageError(`Give one budget, not ${given.map((g) => `--${g}`).join(' and ')} (see: leenet ${command} --help).`);
  if (!given.length) return null;
  const kind = given[0];
  const text = values[kind]!.trim();
  const value = Number(text);
  if (!text) throw new UsageError(`--${kind}: give a number.`);
  const problem = budgetProblem(kind, value);
  if (problem) throw new UsageError(`--${kind} ${values[kind]}: ${problem}`);
  return { kind, value };
}
