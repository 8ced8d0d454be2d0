import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { QueueStatus } from '../../src-shared/api/models';
import { redactQueueUrl } from '../../src-shared/api/queue-url';
import { connectionProblem, QUEUE_NAME, QUEUE_PREFIX, queueTarget, redisOptions } from './connection';

/** How long a status check waits for Redis before it says Redis is unreachable. */
const CHECK_MS = 4000;

/**
 * One look at a queue for the "Run on" choice: a fresh connection that gives up at the first failure (saying which:
 * refused, wrong password, TLS) instead of waiting for Redis as a submission does.
 */
export async function queueStatus(url: string, timeoutMs = CHECK_MS): Promise<QueueStatus> {
  const shown = redactQueueUrl(url);
  const client = new Redis({ ...redisOptions(queueTarget(url)), lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, enableOfflineQueue: false });
  let lastError: unknown = null;
  client.on('error', (e: unknown) => (lastError = e));
  let queue = null as Queue | null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const look = (async () => {
      await client.connect();
      await client.ping();
      queue = new Queue(QUEUE_NAME, { prefix: QUEUE_PREFIX, connection: client });
      queue.on('error', (e: unknown) => (lastError ??= e));
      const [workers, counts] = await Promise.all([queue.getWorkersCount(), queue.getJobCounts('waiting', 'prioritized', 'active', 'waiting-children')]);
      return { workers, waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), active: (counts.active ?? 0) + (counts['waiting-children'] ?? 0) };
    })();
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs / 1000} s (connect ETIMEDOUT)`)), timeoutMs)));
    const { workers, waiting, active } = await Promise.race([look, timeout]);
    const who = workers ? `${workers} worker${workers === 1 ? '' : 's'}` : 'no worker yet (start one with: leenet worker --queue URL)';
    return { url: shown, reachable: true, workers, waiting, active, message: `${who}; ${active} sweep${active === 1 ? '' : 's'} running, ${waiting} waiting.` };
  } catch (e) {
    return { url: shown, reachable: false, workers: 0, waiting: 0, active: 0, message: connectionProblem(url, /closed/i.test(String(e)) && lastError ? lastError : e) };
  } finally {
    clearTimeout(timer);
    await queue?.close().catch(() => undefined);
    client.disconnect();
  }
}
