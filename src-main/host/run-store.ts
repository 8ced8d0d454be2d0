import type { SweepConfig } from '../engine/config';
import { createRun, deleteRun, getRun, listRuns, readSamples, renameRun, updateRun, writeFrontier } from '../engine/runs/store';
import { readLosses, writeLosses } from '../engine/runs/loss-log';
import type { LossRecord } from '../engine/runs/loss-record';
import type { RunRecord, RunStatus, SampleRecords } from '../engine/runs/types';

/** The run store as the host uses it: the engine's folder store bound to one workspace. */
export interface RunStore {
  readonly workspace: string;
  list(): Promise<RunRecord[]>;
  /** Null when there is no such run. */
  get(id: string): Promise<RunRecord | null>;
  rename(id: string, name: string): Promise<RunRecord>;
  remove(id: string): Promise<void>;
  samples(id: string): Promise<SampleRecords>;
  /** The loss curves as they streamed (empty when the run kept none). */
  losses(id: string): Promise<LossRecord[]>;
  saveLosses(id: string, log: LossRecord[]): Promise<void>;
  /**
   * Records an ending the engine could not write itself — a crash, a forced stop, a failure before the run folder
   * existed — so the folder always ends consistent, with the α values finished so far kept.
   */
  /** `queue`: the queue a run was last sent to, for a run whose folder did not come home to say so. */
  settle(id: string, ending: { status: Extract<RunStatus, 'stopped' | 'failed'>; error?: string; name?: string; queue?: RunRecord['queue'] }, config: SweepConfig): Promise<RunRecord>;
}

export function folderRunStore(workspace: string): RunStore {
  return {
    workspace,
    list: () => listRuns(workspace),
    get: (id) => getRun(workspace, id).catch(() => null),
    rename: (id, name) => renameRun(workspace, id, name),
    remove: (id) => deleteRun(workspace, id),
    samples: (id) => readSamples(workspace, id),
    losses: (id) => readLosses(workspace, id),
    saveLosses: (id, log) => writeLosses(workspace, id, log),
    async settle(id, { status, error, name, queue }, config) {
      const existing = await getRun(workspace, id).catch(() => null);
      if (!existing) {
        await createRun(workspace, { id, config, backend: '', dataset: config.dataset, backbone: config.backbone, status });
      } else if (status === 'stopped') {
        await writeFrontier(workspace, id, existing.points);
      }
      return updateRun(workspace, id, { status, ...(error !== undefined && { error }), ...(name && { name }), ...(queue && { queue }) });
    },
  };
}
