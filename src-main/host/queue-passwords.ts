import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RequestError } from '../../src-shared/api/envelope';
import { parseQueueUrl, queueKey, redactQueueUrl } from '../../src-shared/api/queue-url';
import { atomicWriteFile } from '../engine/runs/atomic-write';
import { perKeyQueue } from '../engine/runs/per-key-queue';

/** The workspace's saved queue passwords, so the window keeps only URLs with the password hidden. */
export const PASSWORDS_FILE = 'queue-passwords.json';

/** The password a redacted URL shows: the saved one stands in for it when the URL connects. */
const HIDDEN = '***';

/** How the OS keeps a secret for this user: Electron's safeStorage (Keychain, DPAPI, the desktop's keyring). */
export interface SecretCipher {
  encrypt(text: string): Buffer;
  decrypt(data: Buffer): string;
}

/** Each password as saved: encrypted by the OS (base64) when the host that saved it had a cipher, else as typed. */
const entrySchema = z.object({ value: z.string(), encrypted: z.boolean() });
const fileSchema = z.object({ passwords: z.record(z.string(), entrySchema) });
type Entry = z.infer<typeof entrySchema>;
type Saved = z.infer<typeof fileSchema>;

export interface QueuePasswords {
  /** Saves the URL's password (none: forgets the saved one) and returns the URL to keep: its password hidden. */
  remember(url: string): Promise<string>;
  /** The URL to connect with: a hidden password replaced by the saved one; any other URL as it is. */
  complete(url: string): Promise<string>;
  forget(url: string): Promise<void>;
}

const checked = (url: string) => {
  const check = parseQueueUrl(url);
  if (!check.ok) throw new RequestError(check.error, { queue: check.error });
  return check.target;
};

const ADD_AGAIN = 'Add it again with its password.';

/**
 * The queue passwords of one workspace, in a file only its owner may read, each encrypted by the OS where the host
 * has a cipher (the desktop app). Keyed by the queue's place (queueKey), as the window lists queues. Each change
 * touches its own entry only: one this host cannot decrypt (saved by the desktop app, read in browser mode) stays
 * for the host that can.
 */
export function queuePasswords(workspace: string, cipher: SecretCipher | null = null): QueuePasswords {
  const file = path.resolve(workspace, PASSWORDS_FILE);
  const inOrder = perKeyQueue();

  async function read(): Promise<Saved> {
    const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
    let json: unknown = null;
    try {
      json = text === null ? null : JSON.parse(text);
    } catch {
      // A damaged file loses the saved passwords, which the user can type again; never a run.
    }
    const parsed = fileSchema.safeParse(json);
    return parsed.success ? parsed.data : { passwords: {} };
  }

  function reveal(entry: Entry, shown: string): string {
    if (!entry.encrypted) return entry.value;
    if (!cipher) throw new RequestError(`The password of ${shown} was saved encrypted by the desktop app and cannot be read here: add the queue again with its password.`, { queue: ADD_AGAIN });
    try {
      return cipher.decrypt(Buffer.from(entry.value, 'base64'));
    } catch {
      throw new RequestError(`The saved password of ${shown} cannot be decrypted (the OS keyring changed?): add the queue again with its password.`, { queue: ADD_AGAIN });
    }
  }

  /** Sets (or with null, drops) one queue's password, encrypted where this host can; the others stay as saved. */
  async function change(key: string, password: string | null): Promise<void> {
    const { passwords } = await read();
    const next = Object.fromEntries(Object.entries(passwords).filter(([k]) => k !== key));
    if (password !== null) next[key] = cipher ? { value: cipher.encrypt(password).toString('base64'), encrypted: true } : { value: password, encrypted: false };
    await atomicWriteFile(file, JSON.stringify({ passwords: next } satisfies Saved, null, 1), { mode: 0o600 });
  }

  const noneSaved = (shown: string) => new RequestError(`No password for ${shown} is saved on this machine: add the queue again with its password.`, { queue: ADD_AGAIN });

  return {
    remember: (url) =>
      inOrder(file, async () => {
        const target = checked(url);
        const key = queueKey(target.url);
        const shown = redactQueueUrl(target.url);
        if (target.password === HIDDEN) {
          // A URL pasted back as shown keeps the saved password; with none saved it could never connect.
          if (!Object.hasOwn((await read()).passwords, key)) throw noneSaved(shown);
        } else {
          await change(key, target.password ?? null);
        }
        return shown;
      }),
    complete: (url) =>
      inOrder(file, async () => {
        const target = checked(url);
        if (target.password !== HIDDEN) return target.url;
        const shown = redactQueueUrl(target.url);
        const entry = (await read()).passwords[queueKey(target.url)];
        if (entry === undefined) throw noneSaved(shown);
        const full = new URL(target.url);
        full.password = encodeURIComponent(reveal(entry, shown));
        return full.toString();
      }),
    forget: (url) =>
      inOrder(file, async () => {
        const key = queueKey(checked(url).url);
        if (Object.hasOwn((await read()).passwords, key)) await change(key, null);
      }),
  };
}
