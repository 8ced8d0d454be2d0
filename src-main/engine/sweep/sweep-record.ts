import type { LatencyProfile } from '../budget/latency-profile';
import type { SweepConfig } from '../config';
import { readPolicyBundle, writePolicyBundle, type PolicyBundleContent } from '../runs/policy-bundle';
import { createRun, reopenRun, runDir, updateRun, writeFrontier, writeSamples, type RunPatch } from '../runs/store';
import { addTimings, type Timings } from '../runs/timings';
import type { SampleRecords } from '../runs/types';
import type { ExitInfo, ExitReport, FrontierPoint, RunSummaryTable, SweepEvent, SweepOptions, SweepResult } from '../sweep-types';

/**
 * The run folder as a sweep fills it: what has been found so far (points, finished α values, exits, the summary),
 * saved into `run.json` at every step so a stop, a crash or a kill loses at most the step under way.
 */
export class SweepRecord {
  readonly points: FrontierPoint[] = [];
  readonly alphasDone: number[] = [];
  /** This session's seconds per phase (the phases write them); run.json keeps them added to `earlier`'s. */
  readonly timings: Timings = {};
  exits: ExitInfo[] = [];
  exitReports: ExitReport[] = [];
  summary: RunSummaryTable | null = null;
  latency: LatencyProfile | null = null;

  private constructor(
    private readonly workspace: string,
    readonly runId: string,
    private readonly config: SweepConfig,
    readonly backend: string,
    /** What an interrupted run kept of its first seed: heads and gate models, read back instead of trained again. */
    readonly checkpoint: PolicyBundleContent | null,
    /** A resumed run's timings from the sessions before this one. */
    private readonly earlier: Timings = {},
  ) {}

  /** A new run folder, or (`options.resume`) the stopped run's own, with its checkpoint. */
  static async open(config: SweepConfig, options: SweepOptions, backend: string, emit: (e: SweepEvent) => void): Promise<SweepRecord> {
    if (!options.resume) {
      const run = await createRun(options.workspace, { id: options.runId, name: options.name, config, backend, dataset: config.dataset, backbone: config.backbone, status: 'running' });
      return new SweepRecord(options.workspace, run.id, config, backend, null);
    }
    if (!options.runId) throw new Error('Resuming needs the run id.');
    const run = await reopenRun(options.workspace, options.runId);
    const checkpoint = await readPolicyBundle(runDir(options.workspace, run.id)).catch(() => null);
    const kept = checkpoint ? `its heads and ${checkpoint.gates.length} gate model${checkpoint.gates.length === 1 ? '' : 's'} from its checkpoint` : 'no checkpoint (it stopped before its heads were trained)';
    emit({ type: 'log', message: `Resuming ${run.id}: ${kept}; the backbone pass from the feature cache.` });
    return new SweepRecord(options.workspace, run.id, config, backend, checkpoint, run.timings);
  }

  get dir(): string {
    return runDir(this.workspace, this.runId);
  }

  /** Seconds per phase over every session the run ran in. */
  get totalTimings(): Timings {
    return addTimings(this.earlier, this.timings);
  }

  save(patch: RunPatch = {}): Promise<unknown> {
    return updateRun(this.workspace, this.runId, { ...patch, timings: this.totalTimings, points: this.points, alphasDone: this.alphasDone });
  }

  writeFrontier(): Promise<void> {
    return writeFrontier(this.workspace, this.runId, this.points);
  }

  writeSamples(records: SampleRecords): Promise<void> {
    return writeSamples(this.workspace, this.runId, records);
  }

  writeBundle(bundle: PolicyBundleContent): Promise<void> {
    return writePolicyBundle(this.dir, bundle);
  }

  result(status: SweepResult['status']): SweepResult {
    const c = this.config;
    return { runId: this.runId, status, dir: this.dir, backend: this.backend, dataset: c.dataset, backbone: c.backbone, exits: this.exits, points: this.points, timings: this.totalTimings, config: c, exitReports: this.exitReports, summary: this.summary, latency: this.latency };
  }
}
