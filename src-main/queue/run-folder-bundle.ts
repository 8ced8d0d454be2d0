import type { Stats } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { isAtomicTempFile } from '../engine/runs/atomic-write';
import { assertRunId } from '../engine/runs/run-id';
import { updateRun, type RunPatch } from '../engine/runs/store';

/**
 * A run folder as one gzip'd tar: how a run travels through Redis between machines that share no file system —
 * checkpoints to the worker that takes a job over, a finished run to the workspace that submitted it. `patch`
 * changes the packed run.json, not the folder's.
 */
export async function packRunFolder(workspace: string, runId: string, patch?: RunPatch): Promise<Buffer> {
  assertRunId(runId);
  await stat(path.join(workspace, runId));
  // The engine may be checkpointing meanwhile: tar reading the live folder would find files replaced between its
  // stat and its read (a size it does not expect) or temp files gone. It packs a copy taken file by file instead.
  const copy = await mkdtemp(path.join(os.tmpdir(), 'leenet-pack-'));
  try {
    await snapshot(path.join(workspace, runId), path.join(copy, runId));
    // On the copy: the folder here stays as it is.
    if (patch) await updateRun(copy, runId, patch);
    const pack = tar.c({ gzip: true, cwd: copy, portable: true }, [runId]);
    return await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      pack.on('data', (chunk: Buffer) => chunks.push(chunk));
      pack.on('end', () => resolve(Buffer.concat(chunks)));
      // Heard, always: an 'error' event with no listener would end the process.
      pack.on('error', reject);
    });
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

/**
 * Copies a run folder as it is now: each file whole as of one moment (a copy reads the file it opened, whatever is
 * renamed over it meanwhile), without atomic writes' temp files; a file removed meanwhile is left out.
 */
async function snapshot(from: string, to: string): Promise<void> {
  await mkdir(to);
  for (const d of await readdir(from, { withFileTypes: true })) {
    if (isAtomicTempFile(d.name)) continue;
    const [source, target] = [path.join(from, d.name), path.join(to, d.name)];
    if (d.isDirectory()) await snapshot(source, target);
    else if (d.isFile()) await copyFile(source, target).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)));
  }
}

/** What a run folder holds: the engine writes files and folders, never links or devices. */
const RUN_ENTRY_TYPES = new Set(['File', 'OldFile', 'Directory']);

/**
 * Puts a packed run folder in place of `workspace/runId`, whole or not at all: it is unpacked beside the
 * workspace's runs first (under a name no run id can have), then swapped in. Entries outside the run's own
 * folder are refused, whatever the archive says, and so are links (one could point out of it). Returns the run's folder.
 */
export async function unpackRunFolder(workspace: string, runId: string, bytes: Uint8Array, patch: Pick<RunPatch, 'status' | 'queue'> = {}): Promise<string> {
  assertRunId(runId);
  const staging = await mkdtemp(path.join(workspace, '+incoming-'));
  try {
    const inside = (p: string) => p === runId || p === `${runId}/` || p.startsWith(`${runId}/`);
    let strays = 0;
    const links: string[] = [];
    const filter = (p: string, entry: tar.ReadEntry | Stats) => {
      if (!inside(p)) return (strays++, false);
      const type = 'type' in entry ? entry.type : 'File';
      if (!RUN_ENTRY_TYPES.has(type)) return (links.push(`${p} (${type})`), false);
      return true;
    };
    await pipeline(Readable.from([Buffer.from(bytes)]), tar.x({ cwd: staging, strict: true, filter }));
    if (strays) throw new Error(`The run's archive holds ${strays} entr${strays === 1 ? 'y' : 'ies'} outside ${runId}/: refused.`);
    if (links.length) throw new Error(`The run's archive holds ${links.join(', ')}: a run folder has only files and folders; refused.`);
    await stat(path.join(staging, runId, 'run.json')).catch(() => Promise.reject(new Error(`The run's archive has no ${runId}/run.json: it is not a run folder.`)));
    const dir = path.join(workspace, runId);
    // The run's record names a process of the machine that ran it: here it means nothing.
    await updateRun(staging, runId, { pid: undefined, ...patch });
    await rm(dir, { recursive: true, force: true });
    await rename(path.join(staging, runId), dir);
    return dir;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
