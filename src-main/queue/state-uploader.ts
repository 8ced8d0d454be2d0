import type { Redis } from 'ioredis';
import { writeLosses } from '../engine/runs/loss-log';
import type { LossRecord } from '../engine/runs/loss-record';
import { errorMessage } from '../engine/util/error-message';
import { STATE_TTL_SECONDS, stateKeys } from './job-data';
import { fencedSet, LockLostError, type JobFence } from './job-lock';
import { packRunFolder } from './run-folder-bundle';

/**
 * Keeps a run's state in Redis as the engine checkpoints it, so a worker that takes the job over (this one killed)
 * resumes from the last finished step. Requests coalesce: one upload at a time, and one more if asked meanwhile.
 * With a fence, a worker that stalled past its lock (the job taken over meanwhile) cannot overwrite the state of the
 * worker that has it now: its writes are refused and `onLost` is told once.
 */
export function stateUploader(redis: Redis, workspace: string, runId: string, losses: LossRecord[], warn: (message: string) => void, fence?: JobFence, onLost?: () => void) {
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lost = false;

  const upload = async () => {
    if (lost) throw new LockLostError(runId);
    // The curves go with the folder, so they survive a takeover too.
    if (losses.length) await writeLosses(workspace, runId, losses);
    const bytes = await packRunFolder(workspace, runId);
    if (!fence) {
      await redis.set(stateKeys.state(runId), bytes, 'EX', STATE_TTL_SECONDS);
      return;
    }
    if (!(await fencedSet(redis, fence, [[stateKeys.state(runId), bytes]], STATE_TTL_SECONDS))) {
      lost = true;
      onLost?.();
      throw new LockLostError(runId);
    }
  };
  const cycle = async (): Promise<void> => {
    do {
      again = false;
      await upload().catch((e: unknown) => e instanceof LockLostError || warn(`Could not save ${runId}'s state in Redis: ${errorMessage(e)}`));
    } while (again);
  };
  const now = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = cycle().finally(() => (running = null));
    return running;
  };
  return {
    /** Soon (the engine may still be writing the step's files); several requests make one upload. */
    soon(delayMs = 500): void {
      if (timer && delayMs > 0) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void now();
      }, delayMs);
    },
    /** Now, and wait for it (the end of a step); a failure here is the job's failure. */
    async final(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      await upload();
    },
  };
}
