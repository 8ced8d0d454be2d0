import type { Job as BullJob } from 'bullmq';
import type { Redis } from 'ioredis';

/** A job's BullMQ lock: only the worker whose token it holds may write what the job leaves in Redis. */
export interface JobFence {
  lockKey: string;
  token: string;
}

/** The lock of a job as BullMQ keeps it (`<prefix>:<queue>:<job id>:lock`, its value the holder's token). */
export function jobFence(bull: BullJob, token: string): JobFence {
  return { lockKey: `${bull.queueQualifiedName}:${bull.id}:lock`, token };
}

/** Sets the key only while the lock holds this worker's token, in one step on the Redis server. */
const FENCED_SET = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
  return 1
end
return 0`;

/** Whether the value was set: false when another worker holds the job now (this one stalled past its lock). */
export async function fencedSet(redis: Redis, fence: JobFence, key: string, value: string | Buffer, ttlSeconds: number): Promise<boolean> {
  return (await redis.eval(FENCED_SET, 2, fence.lockKey, key, fence.token, value, ttlSeconds)) === 1;
}

/** This worker no longer holds the job: another has taken it over, and what the job leaves is that worker's to write. */
export class LockLostError extends Error {
  constructor(what: string) {
    super(`${what}: this worker lost the job's lock (it stopped answering for longer than --lock-seconds) and another worker has taken it over; this copy stops.`);
    this.name = 'LockLostError';
  }
}
