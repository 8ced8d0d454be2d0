import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errorMessage } from '../util/error-message';

/** A file that could not be fetched: the message says what to put where instead. */
export class DownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface DownloadOptions {
  /** Expected SHA-256 (hex). Without it, the server's content hash is used where it sends one (an ETag of 64 hex digits). */
  sha256?: string;
  /** What the file is, for messages ("ResNet-50 ImageNet weights"). */
  what: string;
  onProgress?: (bytes: number, total: number | null) => void;
  signal?: AbortSignal;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Hubs that serve large files by content address say the SHA-256 in an ETag; a plain ETag is not a checksum. */
function serverSha256(headers: Headers): string | undefined {
  for (const name of ['x-linked-etag', 'etag']) {
    const v = headers.get(name)?.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
    if (v && HEX64.test(v)) return v;
  }
  return undefined;
}

/**
 * The hub answers a file request with a redirect to its storage, and only that redirect carries the content hash
 * (`X-Linked-Etag`); fetch follows redirects silently, so the first hop is asked for separately.
 */
async function redirectSha256(url: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const head = await fetch(url, { method: 'HEAD', redirect: 'manual', signal });
    return serverSha256(head.headers);
  } catch {
    return undefined;
  }
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
}

/**
 * Downloads `url` to `dest` (atomically, through a temporary file) and checks its SHA-256, then records it in
 * `dest.sha256` so the cached copy can be checked again later. Offline, or on any failure, throws a DownloadError
 * that names the file to put at `dest` by hand.
 */
export async function downloadFile(url: string, dest: string, opts: DownloadOptions): Promise<{ sha256: string; checked: boolean }> {
  // The first folder this download created, if any: a failed download takes its empty folders away again.
  const made = await mkdir(path.dirname(dest), { recursive: true });
  try {
    return await fetchInto(url, dest, opts);
  } catch (e) {
    if (made) await removeEmptyFolders(path.dirname(dest), made);
    throw e;
  }
}

/** Removes `dir` and its parents up to `top` (included) while they are empty. */
async function removeEmptyFolders(dir: string, top: string): Promise<void> {
  for (let d = dir; d.startsWith(top); d = path.dirname(d)) {
    if (!(await rmdir(d).then(() => true, () => false))) return;
    if (d === top) return;
  }
}

async function fetchInto(url: string, dest: string, opts: DownloadOptions): Promise<{ sha256: string; checked: boolean }> {
  const byHand = `Download ${url} yourself and put it at ${dest}.`;
  let res: Response;
  try {
    res = await fetch(url, { signal: opts.signal, redirect: 'follow' });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new DownloadError(`Cannot download ${opts.what} from ${url} (${cause?.code ?? cause?.message ?? errorMessage(e)}): offline? ${byHand}`);
  }
  if (!res.ok || !res.body) throw new DownloadError(`Cannot download ${opts.what}: ${url} answered ${res.status} ${res.statusText}. ${byHand}`);
  const expected = opts.sha256?.toLowerCase() ?? serverSha256(res.headers) ?? (await redirectSha256(url, opts.signal));
  const total = Number(res.headers.get('content-length')) || null;
  const tmp = `${dest}.part-${process.pid}`;
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
      opts.onProgress?.(bytes, total);
    });
    await pipeline(body, createWriteStream(tmp));
  } catch (e) {
    await rm(tmp, { force: true });
    throw new DownloadError(`Download of ${opts.what} from ${url} broke off after ${bytes} bytes (${errorMessage(e)}). ${byHand}`);
  }
  if (total !== null && bytes !== total) {
    await rm(tmp, { force: true });
    throw new DownloadError(`Download of ${opts.what} from ${url} is incomplete: ${bytes} of ${total} bytes. ${byHand}`);
  }
  const sha256 = hash.digest('hex');
  if (expected && sha256 !== expected) {
    await rm(tmp, { force: true });
    throw new DownloadError(`Download of ${opts.what} from ${url} is corrupt: SHA-256 ${sha256}, expected ${expected}. ${byHand}`);
  }
  await rename(tmp, dest);
  await writeFile(`${dest}.sha256`, `${sha256}\n`);
  return { sha256, checked: !!expected };
}

/**
 * Checks a cached file against the SHA-256 recorded when it was downloaded (or the pinned one). A file put there by
 * hand has no record: it is trusted and its hash is recorded now.
 */
export async function verifyCached(file: string, pinned?: string): Promise<string> {
  const actual = await sha256File(file);
  const recorded = pinned?.toLowerCase() ?? (await readFile(`${file}.sha256`, 'utf8').then((s) => s.trim(), () => undefined));
  if (recorded && recorded !== actual) {
    throw new DownloadError(`${file} is corrupt: SHA-256 ${actual}, expected ${recorded}. Delete it to download it again.`);
  }
  if (!recorded) await writeFile(`${file}.sha256`, `${actual}\n`);
  return actual;
}
