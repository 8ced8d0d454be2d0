import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SweepConfig } from '../config';
import type { FrontierPoint } from '../sweep-types';
import { atomicWriteFile } from './atomic-write';
import { workspaceError } from './workspace-error';
import { frontierToCsv } from './frontier-csv';
import { perKeyQueue } from './per-key-queue';
import { assertRunId, isRunId, newRunId } from './run-id';
import { parseRunRecord, unreadableRun } from './run-record';
import { compactSampleRecords, sampleRecordsFault } from './sample-records';
import type { RunRecord, RunStatus, SampleRecords } from './types';
import { errorMessage } from '../util/error-message';

export { defaultWorkspace } from './workspace';

export const RUN_FILE = 'run.json';
export const FRONTIER_FILE = 'frontier.csv';
export const SAMPLES_FILE = 'samples.json';
export const MAX_RUN_NAME = 120;
/** Browser mode's exported models, inside the workspace: a folder that is never a run. */
export const EXPORTS_FOLDER = 'exports';

/** Fresh ids collide only within one second and 1 in 65 536; a few retries make that moot. */
const FRESH_ID_ATTEMPTS = 8;

const inOrder = perKeyQueue();

/** The run's folder; throws for an id that could name anything else. */
export function runDir(workspace: string, id: string): string {
  assertRunId(id);
  return path.join(workspace, id);
}

const errorCode = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** Writes one file of a run folder atomically; a disk that refuses it (read-only, full) says so about the workspace. */
async function writeRunFile(workspace: string, id: string, name: string, data: string): Promise<void> {
  await atomicWriteFile(path.join(runDir(workspace, id), name), data).catch((e: unknown) => Promise.reject(workspaceError(e, workspace)));
}

async function writeRecord(workspace: string, record: RunRecord): Promise<void> {
  // Atomic: a failed write leaves the previous run.json whole.
  await writeRunFile(workspace, record.id, RUN_FILE, `${JSON.stringify(record, null, 1)}\n`);
}

export interface NewRun {
  /** The host allocates ids for queued runs; without one a fresh id is made. */
  id?: string;
  name?: string;
  config: SweepConfig;
  backend: string;
  dataset: string;
  backbone: string;
  status: RunStatus;
}

/** Makes the run's folder: a fresh id never lands in an existing folder, a given one never replaces a readable run. */
async function claimFolder(workspace: string, init: NewRun): Promise<string> {
  await mkdir(workspace, { recursive: true }).catch((e: unknown) => Promise.reject(workspaceError(e, workspace)));
  if (init.id !== undefined) {
    await mkdir(runDir(workspace, init.id), { recursive: true });
    // A folder without a readable run.json is taken over: that is a run that died before it could record itself.
    if (typeof (await readRecord(workspace, init.id)) !== 'string') throw new Error(`Run "${init.id}" already exists in ${workspace}.`);
    return init.id;
  }
  for (let attempt = 0; attempt < FRESH_ID_ATTEMPTS; attempt++) {
    const id = newRunId(init.backbone);
    try {
      await mkdir(runDir(workspace, id));
      return id;
    } catch (e) {
      if (errorCode(e) !== 'EEXIST') throw workspaceError(e, workspace);
    }
  }
  throw new Error(`Could not find a free run id in ${workspace}.`);
}

/** Makes the run folder and its run.json. */
export async function createRun(workspace: string, init: NewRun): Promise<RunRecord> {
  const id = await claimFolder(workspace, init);
  const now = new Date().toISOString();
  const record: RunRecord = {
    id,
    name: init.name?.trim() || id,
    status: init.status,
    createdAt: now,
    updatedAt: now,
    config: init.config,
    backend: init.backend,
    dataset: init.dataset,
    backbone: init.backbone,
    exits: [],
    alphasDone: [],
    timings: {},
    seed: init.config.seed,
    points: [],
    pid: process.pid,
  };
  await inOrder(path.resolve(runDir(workspace, id)), () => writeRecord(workspace, record));
  return record;
}

/** The record, or why it cannot be read (`missing` when there is no run.json). */
async function readRecord(workspace: string, id: string): Promise<RunRecord | string> {
  let text: string;
  try {
    text = await readFile(path.join(runDir(workspace, id), RUN_FILE), 'utf8');
  } catch (e) {
    return errorCode(e) === 'ENOENT' ? 'missing' : errorMessage(e);
  }
  const record = parseRunRecord(text, id);
  if (typeof record === 'string' || (record.status !== 'running' && record.status !== 'queued')) return record;
  // Written as going by a process that no longer exists: killed or crashed mid-run.
  return record.pid !== undefined && !processAlive(record.pid) ? { ...record, status: 'interrupted' } : record;
}

/** Whether a process of this id exists (signal 0 only checks; EPERM means it exists under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
}

export async function getRun(workspace: string, id: string): Promise<RunRecord> {
  const record = await readRecord(workspace, id);
  if (record === 'missing') throw new Error(`No run "${id}" in ${workspace}.`);
  if (typeof record === 'string') throw new Error(`Run "${id}": run.json unreadable: ${record}`);
  return record;
}

export type RunPatch = Partial<Omit<RunRecord, 'id' | 'createdAt' | 'updatedAt'>>;

/** Read-modify-write of run.json: atomic, and in order with other updates of the same run in this process. */
export async function updateRun(workspace: string, id: string, patch: RunPatch): Promise<RunRecord> {
  return inOrder(path.resolve(runDir(workspace, id)), async () => {
    const current = await getRun(workspace, id);
    const record: RunRecord = { ...current, ...patch, id, createdAt: current.createdAt, updatedAt: new Date().toISOString() };
    await writeRecord(workspace, record);
    return record;
  });
}

async function folderTime(dir: string): Promise<string> {
  return stat(dir).then(
    (s) => s.mtime.toISOString(),
    () => '',
  );
}

/**
 * Every run in the workspace, newest first; an absent workspace has none. A folder whose run.json cannot be read is
 * listed as failed rather than thrown, dated by the folder. Folders that are not run ids (or are the exports
 * folder) are not runs.
 */
export async function listRuns(workspace: string): Promise<RunRecord[]> {
  let ids: string[];
  try {
    ids = (await readdir(workspace, { withFileTypes: true })).filter((d) => d.isDirectory() && isRunId(d.name) && d.name !== EXPORTS_FOLDER).map((d) => d.name);
  } catch {
    return [];
  }
  const runs = await Promise.all(
    ids.map(async (id) => {
      const record = await readRecord(workspace, id);
      return typeof record === 'string' ? unreadableRun(id, record, await folderTime(runDir(workspace, id))) : record;
    }),
  );
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** Takes a stopped, failed or interrupted run up again in this process; a finished or live one is refused. */
export async function reopenRun(workspace: string, id: string): Promise<RunRecord> {
  assertResumable(await getRun(workspace, id));
  // Where it runs now is what the record says: a run from a queue resumed here is no longer on it.
  return updateRun(workspace, id, { status: 'running', pid: process.pid, error: undefined, queue: undefined });
}

/** A run can be taken up when it stopped, failed or was interrupted; not when it finished or is still going. */
export function assertResumable(run: RunRecord): void {
  if (run.status === 'finished') throw new Error(`Run "${run.id}" has finished: there is nothing to resume.`);
  if (run.status === 'running' || run.status === 'queued') throw new Error(`Run "${run.id}" is still ${run.status} (process ${run.pid ?? '?'}): stop it before resuming it.`);
}

/** Sets the user-visible name: trimmed, non-empty, at most 120 characters. */
export async function renameRun(workspace: string, id: string, name: string): Promise<RunRecord> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('A run name cannot be empty.');
  if (trimmed.length > MAX_RUN_NAME) throw new Error(`A run name can have at most ${MAX_RUN_NAME} characters (this one has ${trimmed.length}).`);
  return updateRun(workspace, id, { name: trimmed });
}

/** Removes the run's folder and everything in it; deleting a run that is not there is not an error. */
export async function deleteRun(workspace: string, id: string): Promise<void> {
  const dir = runDir(workspace, id);
  await inOrder(path.resolve(dir), () => rm(dir, { recursive: true, force: true }));
}

export async function writeFrontier(workspace: string, id: string, points: FrontierPoint[]): Promise<void> {
  await writeRunFile(workspace, id, FRONTIER_FILE, frontierToCsv(points));
}

/** Writes samples.json with probabilities rounded to 4 decimals; records whose columns disagree are refused. */
export async function writeSamples(workspace: string, id: string, records: SampleRecords): Promise<void> {
  const fault = sampleRecordsFault(records);
  if (fault) throw new Error(`Per-sample records of run "${id}" are inconsistent: ${fault}.`);
  await writeRunFile(workspace, id, SAMPLES_FILE, JSON.stringify(compactSampleRecords(records)));
}

export async function readSamples(workspace: string, id: string): Promise<SampleRecords> {
  const file = path.join(runDir(workspace, id), SAMPLES_FILE);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    const reason = errorCode(e) === 'ENOENT' ? 'the run wrote none' : errorMessage(e).split('\n')[0];
    throw new Error(`Per-sample records of run "${id}" are not available (${reason}).`);
  }
  const fault = sampleRecordsFault(value);
  if (fault) throw new Error(`Per-sample records of run "${id}" are not available (${file} is damaged: ${fault}).`);
  return value as SampleRecords;
}
