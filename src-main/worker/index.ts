import { parentPort, workerData } from 'node:worker_threads';
import { runAsBackgroundThread } from './background-priority';
import { createJobRunner, type Engine } from './job-runner';
import type { WorkerData } from './worker-data';
import { runEngineTask } from './engine-tasks';
import type { TaskReply, TaskRequest } from './task-worker';
import { errorMessage } from '../engine/util/error-message';

/** The real engine, loaded lazily so a test engine never pays for tfjs. */
async function realEngine(): Promise<Engine> {
  const [{ runSweep }, { runFeatureShard }, { initBackend, backendReason }] = await Promise.all([import('../engine/sweep/run-sweep'), import('../engine/sweep/feature-shard'), import('../engine/backend')]);
  return {
    runSweep,
    runFeatureShard,
    probeBackend: async (request) => {
      const info = await initBackend(request);
      return { name: info.name, detail: backendReason(info) };
    },
  };
}

async function loadEngine(data: WorkerData | null): Promise<Engine> {
  if (!data?.engineModule) return realEngine();
  const module = (await import(data.engineModule)) as { engine: Engine };
  return module.engine;
}

if (!parentPort) throw new Error('src-main/worker/index.ts runs as a worker_thread only.');
// Training yields to the UI: before tfjs starts, so threads it spawns inherit the priority.
runAsBackgroundThread();
const port = parentPort;
const data = workerData as WorkerData;
if (data.tasks) {
  // Task mode: each request answered with its result or its error's message; tasks may overlap.
  port.on('message', ({ id, task }: TaskRequest) => {
    void runEngineTask(task).then(
      (value) => port.postMessage({ id, type: 'task-result', value } satisfies TaskReply),
      (e: unknown) => port.postMessage({ id, type: 'task-error', message: errorMessage(e) } satisfies TaskReply),
    );
  });
} else {
  const control = new Int32Array(data.control);
  const engine = await loadEngine(data);
  const runner = createJobRunner(engine, (message) => port.postMessage(message), {
    stopRequested: (seq) => Atomics.load(control, 0) === seq,
  });
  // A throw here is uncaught on purpose: the host sees the worker die and reports it, rather than a silent no-op.
  port.on('message', (message: unknown) => runner.handle(message));
  port.postMessage({ type: 'ready' });
}
