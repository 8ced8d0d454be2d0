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

const fileSchema = z.object({ encrypted: z.boolean(), passwords: z.record(z.string(), z.string()) });
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

/**
 * The queue passwords of one workspace, in a file only its owner may read, each encrypted by the OS where the host
 * has a cipher (the desktop app). Keyed by the queue's place (queueKey), as the window lists queues.
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
    return parsed.success ? parsed.data : { encrypted: cipher !== null, passwords: {} };
  }

  function reveal(saved: Saved, value: string, shown: string): string {
    if (!saved.encrypted) return value;
    if (!cipher) throw new RequestError(`The password of ${shown} was saved encrypted by the desktop app and cannot be read here: add the queue again with its password.`, { queue: 'Add it again with its password.' });
    try {
      return cipher.decrypt(Buffer.from(value, 'base64'));
    } catch {
      throw new RequestError(`The saved password of ${shown} cannot be decrypted (the OS keyring changed?): add the queue again with its password.`, { queue: 'Add it again with its password.' });
    }
  }

  /** Every password in the form this host writes (encrypted where it can), the one edit applied. */
  async function change(edit: (plain: Map<string, string>) => void): Promise<void> {
    const saved = await read();
    const plain = new Map<string, string>();
    for (const [key, value] of Object.entries(saved.passwords)) {
      try {
        plain.set(key, reveal(saved, value, key));
      } catch {
        // One this host cannot read is dropped: it could never be used here.
      }
    }
    edit(plain);
    const passwords = Object.fromEntries([...plain].map(([key, pw]) => [key, cipher ? cipher.encrypt(pw).toString('base64') : pw]));
    await atomicWriteFile(file, JSON.stringify({ encrypted: cipher !== null, passwords } satisfies Saved, null, 1), { mode: 0o600 });
  }

  return {
    remember: (url) =>
      inOrder(file, async () => {
        const target = checked(url);
        const key = queueKey(target.url);
        // A URL pasted back as shown (password hidden) keeps the saved password.
        if (target.password !== HIDDEN) {
          const { password } = target;
          await change((plain) => (password ? plain.set(key, password) : plain.delete(key)));
        }
        return redactQueueUrl(target.url);
      }),
    complete: (url) =>
      inOrder(file, async () => {
        const target = checked(url);
        if (target.password !== HIDDEN) return target.url;
        const shown = redactQueueUrl(target.url);
        const saved = await read();
        const value = saved.passwords[queueKey(target.url)];
        if (value === undefined) throw new RequestError(`No password for ${shown} is saved on this machine: add the queue again with its password.`, { queue: 'Add it again with its password.' });
        const full = new URL(target.url);
        full.password = encodeURIComponent(reveal(saved, value, shown));
        return full.toString();
      }),
    forget: (url) =>
      inOrder(file, async () => {
        const key = queueKey(checked(url).url);
        if (Object.hasOwn((await read()).passwords, key)) await change((plain) => plain.delete(key));
      }),
  };
}
