import type { BudgetTarget } from '../engine/budget/search-budget';
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
  if (!text || !Number.isFinite(value) || value <= 0) throw new UsageError(`--${kind}: "${values[kind]}" is not a positive number.`);
  if (kind === 'speedup' && value < 1) throw new UsageError(`--speedup: ${value} is below 1×; a speedup target is how many times faster than the full model (e.g. 2).`);
  if (kind === 'max-drop' && value >= 100) throw new UsageError(`--max-drop: ${value} points is not below 100; give the accuracy drop in percentage points (e.g. 0.5).`);
  return { kind, value };
}
