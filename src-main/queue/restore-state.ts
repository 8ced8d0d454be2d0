import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { getRun } from '../engine/runs/store';
import type { RunStatus } from '../engine/runs/types';
import { stateKeys } from './job-data';
import type { WorkerEnv } from './job-engine';
import { unpackRunFolder } from './run-folder-bundle';

/**
 * The run's latest state from Redis into `workspace` (a job taken over, a step after its children, an α job):
 * returns its status there, or null when Redis has none (the folder here is then cleared for a fresh start).
 */
export async function restoreState(env: WorkerEnv, runId: string, workspace = env.workspace): Promise<RunStatus | null> {
  await mkdir(workspace, { recursive: true });
  const bytes = await env.redis.getBuffer(stateKeys.state(runId));
  if (!bytes) {
    await rm(path.join(workspace, runId), { recursive: true, force: true });
    return null;
  }
  await unpackRunFolder(workspace, runId, bytes);
  const { status } = await getRun(workspace, runId);
  if (status === 'finished' || status === 'failed') return status;
  // Left running by a worker that died, or stopped: either way, to be taken up.
  await unpackRunFolder(workspace, runId, bytes, { status: 'stopped' });
  return 'stopped';
}
