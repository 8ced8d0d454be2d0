import type { BudgetTarget, RunBudget } from '../engine/budget/budget-types';
import type { BudgetPolicy } from '../engine/budget/policies';
import type { ExportSelector, RunExport } from '../engine/deploy/run-export';

/** One-off engine work a host asks for outside a sweep: a budget search on a run, or a model export. */
export type EngineTask =
  | { kind: 'budget'; workspace: string; runId: string; target: BudgetTarget; policy: 'best' | BudgetPolicy; backend?: string }
  | { kind: 'export'; workspace: string; runId: string; selector: ExportSelector; outDir: string; cacheDir?: string; backend?: string };

export type TaskResult<T extends EngineTask> = T extends { kind: 'budget' } ? RunBudget : RunExport;

/** Runs an engine task here (in whatever thread calls it); the engine is loaded on first use. */
export async function runEngineTask<T extends EngineTask>(task: T): Promise<TaskResult<T>> {
  const { initBackend } = await import('../engine/backend');
  await initBackend(task.backend);
  if (task.kind === 'budget') {
    const { runBudget } = await import('../engine/budget/run-budget');
    return (await runBudget(task.workspace, task.runId, task.target, { policy: task.policy })) as TaskResult<T>;
  }
  const { runExport } = await import('../engine/deploy/run-export');
  return (await runExport(task.workspace, task.runId, task.selector, task.outDir, { cacheDir: task.cacheDir })) as TaskResult<T>;
}

/** Runs engine tasks somewhere: in this thread (tests, the CLI) or in a worker thread (the apps' hosts). */
export type TaskRunner = <T extends EngineTask>(task: T) => Promise<TaskResult<T>>;
