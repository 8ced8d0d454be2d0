import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { atomicWriteFile } from './atomic-write';
import { lossLogFault, type LossRecord } from './loss-record';
import { runDir } from './store';
import { errorMessage } from '../util/error-message';

export const LOSSES_FILE = 'losses.json';

export async function writeLosses(workspace: string, id: string, log: LossRecord[]): Promise<void> {
  await atomicWriteFile(path.join(runDir(workspace, id), LOSSES_FILE), JSON.stringify(log));
}

/** The run's loss log; empty when it wrote none (runs from before the log existed, or that failed early). */
export async function readLosses(workspace: string, id: string): Promise<LossRecord[]> {
  const file = path.join(runDir(workspace, id), LOSSES_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`Loss curves of run "${id}" are damaged (${file}: ${errorMessage(e)}).`);
  }
  const fault = lossLogFault(value);
  if (fault) throw new Error(`Loss curves of run "${id}" are damaged (${file}: ${fault}).`);
  return value as LossRecord[];
}
