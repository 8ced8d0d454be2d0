import { readPolicyBundle } from '../runs/policy-bundle';
import { getRun, runDir } from '../runs/store';
import { searchBudget, type BudgetOptions } from './search-budget';
import type { BudgetTarget, RunBudget } from './budget-types';

export type { RunBudget } from './budget-types';

/**
 * Budget search on a run folder: its kept exit outputs, its latency profile, and — for LEENet-loss gates — new α
 * values trained with the run's own gate epochs and seed.
 */
export async function runBudget(workspace: string, runId: string, target: BudgetTarget, options: Pick<BudgetOptions, 'policy'> & { signal?: AbortSignal } = {}): Promise<RunBudget> {
  const run = await getRun(workspace, runId);
  const content = await readPolicyBundle(runDir(workspace, runId));
  const choice = await searchBudget(content, target, {
    policy: options.policy,
    latency: run.latency ?? null,
    retrain: { epochs: run.config.epochs?.gates ?? 30, seed: (run.config.seed ?? 42) + 2, signal: options.signal },
  });
  return { runId, ...choice };
}
