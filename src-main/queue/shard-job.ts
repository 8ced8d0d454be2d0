import type { Job as BullJob } from 'bullmq';
import { readJob, type SweepJobResult } from './job-data';
import { runEngine, stopRequested, type WorkerEnv } from './job-engine';
import { settle } from './sweep-job';

/**
 * A shard job: its index range of the sweep's feature pass, written beside the pass's store in the cache dir that
 * every worker shares; the sweep job then finds those batches done. Re-run after a kill, it goes on from its store.
 */
export async function processShard(env: WorkerEnv, bull: BullJob, token: string, signal?: AbortSignal): Promise<SweepJobResult> {
  const data = readJob('shard', bull.data);
  if (await stopRequested(env, data.runId)) return { status: 'stopped', worker: env.name };
  const run = await runEngine(env, bull, { jobId: data.runId, config: data.config, workspace: env.workspace, shard: data.shard }, { child: true, keepState: false, lock: { token, signal } });
  if (run.outcome.status === 'filled') {
    env.log(`${data.runId}: shard ${data.shard.index + 1} of ${data.shard.of}: ${run.outcome.fill.computed} of ${run.outcome.fill.batches} batches computed here.`);
    return { status: 'finished', worker: env.name };
  }
  return settle(env, bull, token, run);
}
