/** A Redis queue address as a user types it: `redis://[:password@]host[:port][/db]`, or `rediss://` for TLS. */
export interface QueueTarget {
  /** The URL as given (trimmed): what settings keep and what connects. */
  url: string;
  tls: boolean;
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
}

export type QueueUrlCheck = { ok: true; target: QueueTarget } | { ok: false; error: string };

const EXAMPLE = 'redis://host:6379, redis://:password@host:6379 or rediss://host:6380 for TLS';

/** Whatever stands between `//` and `@`, for text that is no URL: it may hold a password. */
function hideCredentials(text: string): string {
  return text.replace(/\/\/[^@/]*@/, '//***@');
}

/** Checks a queue URL and says what is wrong with it, in the words a user needs to mend it. */
export function parseQueueUrl(text: string): QueueUrlCheck {
  const url = text.trim();
  if (!url) return { ok: false, error: `Give the queue's Redis URL, e.g. ${EXAMPLE}.` };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Quoted back with its password hidden: the message may end up in a log (a worker's $LEENET_QUEUE).
    return { ok: false, error: `"${hideCredentials(url)}" is not a URL. Write it as ${EXAMPLE}.` };
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (scheme !== 'redis' && scheme !== 'rediss') return { ok: false, error: `A queue URL starts with redis:// or rediss:// (TLS), not ${scheme}://.` };
  if (!parsed.hostname) return { ok: false, error: `The queue URL names no host. Write it as ${EXAMPLE}.` };
  const port = parsed.port ? Number(parsed.port) : 6379;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, error: `Port ${parsed.port} is not a port number (1–65535).` };
  const dbText = parsed.pathname.replace(/^\//, '');
  const db = dbText ? Number(dbText) : 0;
  if (!/^\d*$/.test(dbText) || !Number.isInteger(db) || db > 15) return { ok: false, error: `"/${dbText}" is not a Redis database number (0–15).` };
  if (parsed.search || parsed.hash) return { ok: false, error: 'A queue URL takes no ?query or #fragment: the password goes before the host (redis://:password@host).' };
  return {
    ok: true,
    target: {
      url,
      tls: scheme === 'rediss',
      host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
      port,
      db,
      ...(parsed.username && { username: decodeURIComponent(parsed.username) }),
      ...(parsed.password && { password: decodeURIComponent(parsed.password) }),
    },
  };
}

/** The URL to show: the password never reaches a screen, a log or a run list. */
export function redactQueueUrl(url: string): string {
  const check = parseQueueUrl(url);
  if (!check.ok) return hideCredentials(url);
  const { tls, host, port, db, username, password } = check.target;
  const auth = password ? `${username ?? ''}:***@` : username ? `${username}@` : '';
  const hostText = host.includes(':') ? `[${host}]` : host;
  return `${tls ? 'rediss' : 'redis'}://${auth}${hostText}:${port}${db ? `/${db}` : ''}`;
}

/**
 * A queue's identity: where it is (scheme, host, port, database), not how one logs in. Adding the same place with other
 * credentials updates it instead of listing it twice, and neither a select's values nor a stored choice ever hold a
 * password.
 */
export function queueKey(url: string): string {
  // Lower case: a redis:// host is kept as typed (not a special scheme to URL), and GPU-BOX is gpu-box.
  return redactQueueUrl(url).replace(/\/\/[^@/]*@/, '//').toLowerCase();
}
