import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { isIP } from 'node:net';
import { parseQueueUrl, redactQueueUrl, type QueueTarget } from '../../src-shared/api/queue-url';
import { errorMessage } from '../engine/util/error-message';

/** Every LEENet queue lives under this key prefix, in one BullMQ queue. */
export const QUEUE_PREFIX = 'leenet';
export const QUEUE_NAME = 'sweeps';

/** A queue URL checked, or a message saying how to write it. */
export function queueTarget(url: string): QueueTarget {
  const check = parseQueueUrl(url);
  if (!check.ok) throw new Error(check.error);
  return check.target;
}

/**
 * ioredis options for a queue: commands wait through an outage instead of failing (BullMQ's workers require it,
 * and a submission made while Redis is down goes out when it is back), with reconnects backing off to 5 s.
 * `rediss://` connects with TLS against the system's CAs (plus NODE_EXTRA_CA_CERTS for a lab's own CA).
 */
export function redisOptions(target: QueueTarget): RedisOptions {
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username && { username: target.username }),
    ...(target.password && { password: target.password }),
    // SNI takes host names only.
    ...(target.tls && { tls: isIP(target.host) ? {} : { servername: target.host } }),
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(250 * times, 5000),
  };
}

/** What a failed connection means for the user, in one line with the fix. */
export function connectionProblem(url: string, error: unknown): string {
  const message = errorMessage(error);
  const where = redactQueueUrl(url);
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(message)) return `Redis at ${where} refused the password: put the right one in the queue URL (redis://:password@host:port).`;
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|EAI_AGAIN|Connection is closed|connect/i.test(message)) {
    return `Redis at ${where} is unreachable (${message}): waiting for it — start it or mend the URL; nothing is lost meanwhile.`;
  }
  if (/certificate|SSL|TLS|wrong version number|self.signed/i.test(message)) return `TLS to ${where} failed (${message}): use rediss:// only where Redis serves TLS, and give its CA in NODE_EXTRA_CA_CERTS.`;
  return `Redis at ${where}: ${message}`;
}

/**
 * Says each outage once, and that it ended: ioredis retries every few seconds and would repeat the same error.
 * Listen with it on every BullMQ object and client (an unheard 'error' event would crash the process).
 */
export function outageReporter(url: string, say: (message: string) => void): { error(e: unknown): void; ready(): void; current(): string | null } {
  let down: string | null = null;
  return {
    /** The outage under way, for whoever starts listening during it. */
    current: () => down,
    error(e) {
      const message = connectionProblem(url, e);
      if (message !== down) say(message);
      down = message;
    },
    ready() {
      if (down) say(`Redis at ${redactQueueUrl(url)} is back.`);
      down = null;
    },
  };
}

/** A plain client for the run-state keys beside BullMQ's own; its outages go to `report`. */
export function redisClient(url: string, report: ReturnType<typeof outageReporter>): Redis {
  const client = new Redis(redisOptions(queueTarget(url)));
  client.on('error', (e: unknown) => report.error(e));
  client.on('ready', () => report.ready());
  return client;
}
