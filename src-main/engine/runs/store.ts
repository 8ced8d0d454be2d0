import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SweepConfig } from '../config';
import type { FrontierPoint } from '../sweep-types';
import { atomicWriteFile } from './atomic-write';
import { frontierToCsv } from './frontier-csv';
import { assertRunId, newRunId } from './run-id';
import type { RunRecord, RunStatus, SampleRecords } from './types';

export { defaultWorkspace } from './workspace';

export function runDir(workspace: string, id: string): string {
  assertRunId(id);
  return path.join(workspace, id);
}

async function writeRecord(workspace: string, record: RunRecord): Promise<void> {
  await atomicWriteFile(path.join(runDir(workspace, record.id), 'run.json'), `${JSON.stringify(record, null, 1)}\n`);
}

export interface NewRun {
  id?: string;
  config: SweepConfig;
  backend: string;
  dataset: string;
  backbone: string;
  status: RunStatus;
}

export async function createRun(workspace: string, init: NewRun): Promise<RunRecord> {
  const id = init.id ?? newRunId(init.backbone);
  await mkdir(runDir(workspace, id), { recursive: true });
  const now = new Date().toISOString();
  const record: RunRecord = {
    id,
    name: id,
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
  };
  await writeRecord(workspace, record);
  return record;
}

export async function getRun(workspace: string, id: string): Promise<RunRecord> {
  const file = path.join(runDir(workspace, id), 'run.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`No run "${id}" in ${workspace}.`);
  }
  try {
    return JSON.parse(text) as RunRecord;
  } catch (e) {
    throw new Error(`${file} is unreadable: ${(e as Error).message}`);
  }
}

/** Read-modify-write of run.json; the write is atomic. */
export async function updateRun(workspace: string, id: string, patch: Partial<Omit<RunRecord, 'id' | 'createdAt'>>): Promise<RunRecord> {
  const record = { ...(await getRun(workspace, id)), ...patch, updatedAt: new Date().toISOString() };
  await writeRecord(workspace, record);
  return record;
}

/** A folder whose run.json cannot be read is listed as failed, so one broken run never hides the others. */
export async function listRuns(workspace: string): Promise<RunRecord[]> {
  let names: string[];
  try {
    names = (await readdir(workspace, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);
  } catch {
    return [];
  }
  const runs = await Promise.all(
    names.map(async (id): Promise<RunRecord | null> => {
      try {
        assertRunId(id);
      } catch {
        return null;
      }
      try {
        return await getRun(workspace, id);
      } catch (e) {
        return brokenRun(id, (e as Error).message);
      }
    }),
  );
  return runs.filter((r): r is RunRecord => r !== null).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

function brokenRun(id: string, error: string): RunRecord {
  return {
    id,
    name: id,
    status: 'failed',
    error,
    createdAt: '',
    updatedAt: '',
    config: {} as SweepConfig,
    backend: '',
    dataset: '',
    backbone: '',
    exits: [],
    alphasDone: [],
    timings: {},
    seed: 0,
    points: [],
  };
}

export async function renameRun(workspace: string, id: string, name: string): Promise<RunRecord> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('A run name cannot be empty.');
  if (trimmed.length > 120) throw new Error('A run name can have at most 120 characters.');
  return updateRun(workspace, id, { name: trimmed });
}

export async function deleteRun(workspace: string, id: string): Promise<void> {
  await getRun(workspace, id).catch(() => undefined);
  await rm(runDir(workspace, id), { recursive: true, force: true });
}

export async function writeFrontier(workspace: string, id: string, points: FrontierPoint[]): Promise<void> {
  await atomicWriteFile(path.join(runDir(workspace, id), 'frontier.csv'), frontierToCsv(points));
}

export async function writeSamples(workspace: string, id: string, records: SampleRecords): Promise<void> {
  await atomicWriteFile(path.join(runDir(workspace, id), 'samples.json'), JSON.stringify(records));
}

export async function readSamples(workspace: string, id: string): Promise<SampleRecords> {
  const file = path.join(runDir(workspace, id), 'samples.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SampleRecords;
  } catch (e) {
    throw new Error(`Per-sample records of run "${id}" are not available (${(e as Error).message.split('\n')[0]}).`);
  }
}
