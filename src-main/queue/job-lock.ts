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

/** Sets every key only while the lock holds this worker's token, all in one step on the Redis server. */
const FENCED_SET = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], ARGV[i], 'EX', ARGV[#KEYS + 1])
end
return 1`;

/** Whether the values were set: none is when another worker holds the job now (this one stalled past its lock). */
export async function fencedSet(redis: Redis, fence: JobFence, entries: [key: string, value: string | Buffer][], ttlSeconds: number): Promise<boolean> {
  const keys = entries.map(([key]) => key);
  const values = entries.map(([, value]) => value);
  return (await redis.eval(FENCED_SET, 1 + keys.length, fence.lockKey, ...keys, fence.token, ...values, ttlSeconds)) === 1;
}

/** This worker no longer holds the job: another has taken it over, and what the job leaves is that worker's to write. */
export class LockLostError extends Error {
  constructor(what: string) {
    super(`${what}: this worker lost the job's lock (it stopped answering for longer than --lock-seconds) and another worker has taken it over; this copy stops.`);
    this.name = 'LockLostError';
  }
}
