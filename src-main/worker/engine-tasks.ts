import type { BackboneInfo, DatasetInfo, ExampleImage, RunEstimateInfo } from '../../src-shared/api/models';
import type { BudgetTarget, RunBudget } from '../engine/budget/budget-types';
import type { BudgetPolicy } from '../engine/budget/policies';
import type { SweepConfig } from '../engine/config';
import type { ExportSelector, RunExport } from '../engine/deploy/run-export';

/**
 * Engine work a host asks for outside a sweep: everything that loads tfjs, decodes images or scans folders, so the
 * host's event loop (Electron's main process, the browser-mode server) never waits on it.
 */
export type EngineTask =
  | { kind: 'budget'; workspace: string; runId: string; target: BudgetTarget; policy: 'best' | BudgetPolicy; backend?: string }
  | { kind: 'export'; workspace: string; runId: string; selector: ExportSelector; outDir: string; cacheDir?: string; backend?: string }
  | { kind: 'estimate'; config: SweepConfig; cacheDir: string; backend?: string }
  | { kind: 'examples'; config: SweepConfig; indices: number[] }
  | { kind: 'catalog' };

interface TaskResults {
  budget: RunBudget;
  export: RunExport;
  estimate: RunEstimateInfo;
  examples: ExampleImage[];
  catalog: { backbones: BackboneInfo[]; datasets: DatasetInfo[] };
}

export type TaskResult<T extends EngineTask> = TaskResults[T['kind']];

/** Runs an engine task here (in whatever thread calls it); the engine is loaded on first use. */
export async function runEngineTask<T extends EngineTask>(task: T): Promise<TaskResult<T>> {
  const result = await run(task);
  return result as TaskResult<T>;
}

async function run(task: EngineTask): Promise<TaskResults[EngineTask['kind']]> {
  const backend = async (request?: string) => (await import('../engine/backend')).initBackend(request);
  switch (task.kind) {
    case 'budget': {
      await backend(task.backend);
      const { runBudget } = await import('../engine/budget/run-budget');
      return runBudget(task.workspace, task.runId, task.target, { policy: task.policy });
    }
    case 'export': {
      await backend(task.backend);
      const { runExport } = await import('../engine/deploy/run-export');
      return runExport(task.workspace, task.runId, task.selector, task.outDir, { cacheDir: task.cacheDir });
    }
    case 'estimate': {
      // Throughput is measured on the backend runs use (once per backbone, then remembered), not tfjs's cpu default.
      await backend(task.backend);
      const [{ estimateRun }, { datasets }] = await Promise.all([import('../engine/backbones/estimate'), import('./example-images')]);
      // With the data at hand the estimate knows the split, so whether its trained backbone ships or is cached.
      const dataset = await datasets(task.config.dataset).catch(() => undefined);
      const { seconds, bytes, notes, phases, images } = await estimateRun(task.config, { cacheDir: task.cacheDir, dataset });
      return { seconds, bytes, notes, phases, images };
    }
    // Every task picks its backend first: left to itself tfjs would start its cpu backend, and print its banner.
    case 'examples':
      await backend();
      return (await import('./example-images')).exampleImages(task.config, task.indices);
    case 'catalog':
      await backend();
      return (await import('./catalog')).loadCatalog();
  }
}

/** Runs engine tasks somewhere: in this thread (tests, the CLI) or in a worker thread (the apps' hosts). */
export type TaskRunner = <T extends EngineTask>(task: T) => Promise<TaskResult<T>>;
