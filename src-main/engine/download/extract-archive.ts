import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import * as tar from 'tar';
import { DownloadError } from './download-file';
import { errorMessage } from '../util/error-message';

/**
 * Unpacks a .tar.gz / .tgz / .tar into `dest`: first into a hidden sibling folder, then each top-level entry is moved
 * into place, so an interrupted extraction never looks like a complete dataset. tar refuses entries that would
 * land outside the folder (absolute paths, `..`).
 */
export async function extractArchive(archive: string, dest: string): Promise<string[]> {
  const staging = path.join(dest, `.extract-${process.pid}-${Date.now()}`);
  await mkdir(staging, { recursive: true });
  try {
    await tar.x({ file: archive, cwd: staging, strict: true });
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw new DownloadError(`${archive} is not a readable tar.gz archive (${errorMessage(e)}): delete it and download it again.`);
  }
  const entries = await readdir(staging);
  for (const e of entries) {
    await rm(path.join(dest, e), { recursive: true, force: true });
    await rename(path.join(staging, e), path.join(dest, e));
  }
  await rm(staging, { recursive: true, force: true });
  return entries;
}
