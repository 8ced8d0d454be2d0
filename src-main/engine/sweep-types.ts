import type { SweepConfig } from './config';

export type Phase = 'data' | 'backbone' | 'features' | 'heads' | 'gates' | 'evaluate' | 'save';

export type PolicyName = 'leenet' | 'max-softmax' | 'entropy' | 'fixed' | 'oracle';

export interface ExitInfo {
  name: string;
  /** Fraction of the full model's cost (FLOPs or params) spent when leaving here, heads and gates included. */
  cost: number;
}

/** One point of the accuracy-vs-cost frontier. */
export interface FrontierPoint {
  policy: PolicyName;
  /** α for leenet, the threshold for max-softmax / entropy, the exit index for fixed; null for oracle. */
  param: number | null;
  split: 'val' | 'test';
  accuracy: number;
  /** Expected fraction of the full model's cost. */
  cost: number;
  speedup: number;
  /** Fraction of samples leaving at each exit (sums to 1). */
  exitFractions: number[];
  /** Accuracy of the samples that left at each exit (NaN-free: null where none left). */
  exitAccuracy: (number | null)[];
  /** Learned gates on test: wall-clock early exit (segmented backbone, shrinking batches) vs the plain backbone. */
  runtime?: { earlyMsPerImage: number; fullMsPerImage: number; speedup: number; images: number };
}

export type SweepEvent =
  | { type: 'phase'; phase: Phase; message: string }
  | {
      type: 'progress';
      phase: Phase;
      /** Steps done and total in this phase (batches or epochs). */
      done: number;
      total: number;
      /** Which loss curve this belongs to: `head:stage1`, `final`, `gate:α=0.3`, `backbone`. */
      series?: string;
      loss?: number;
      etaSeconds?: number;
    }
  | { type: 'point'; point: FrontierPoint }
  | { type: 'log'; message: string };

export interface SweepResult {
  runId: string;
  /** `stopped` when the signal aborted it: `points` then holds what was finished. */
  status: 'finished' | 'stopped';
  dir: string;
  backend: string;
  dataset: string;
  backbone: string;
  exits: ExitInfo[];
  points: FrontierPoint[];
  timings: Record<string, number>;
  config: SweepConfig;
}

export interface SweepOptions {
  /** Folder holding one sub-folder per run. */
  workspace: string;
  onEvent?: (event: SweepEvent) => void;
  /** Aborting stops the sweep at the next batch; finished α values are kept and the run is marked `stopped`. */
  signal?: AbortSignal;
  /** Use this id instead of a fresh one (the host allocates ids for queued runs). */
  runId?: string;
  /** tfjs backend request (`auto`, `node-gpu`, `node`, `wasm`, `cpu`); default `$LEENET_BACKEND` or auto. */
  backend?: string;
  /** Where trained backbones are cached; default the platform cache folder. */
  cacheDir?: string;
}
