import type { LatencyProfile } from './budget/latency-profile';
import type { SweepConfig } from './config';
import type { ImageDataset } from './data/types';

export type Phase = 'data' | 'backbone' | 'features' | 'heads' | 'gates' | 'evaluate' | 'save';

export type PolicyName = 'leenet' | 'max-softmax' | 'entropy' | 'patience' | 'fixed' | 'oracle';

export interface ExitInfo {
  name: string;
  /** Fraction of the full model's cost (FLOPs or params) spent when leaving here, heads and gates included. */
  cost: number;
}

/** One point of the accuracy-vs-cost frontier. */
export interface FrontierPoint {
  policy: PolicyName;
  /** α for leenet, the threshold for max-softmax / entropy, k for patience, the exit index for fixed; null for oracle. */
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
  /**
   * Learned gates: the gate threshold this point leaves at (0.5 is the seed's rule). Absent for other policies,
   * whose own threshold is `param`.
   */
  threshold?: number;
  /** Learned gates: which gate model made it — its target (`auto` runs train two). */
  gateModel?: 'leenet' | 'correct' | 'safe';
  /** Learned gates: a point of a threshold sweep over one α's gates, not the α's own operating point. */
  curve?: boolean;
  /**
   * On the policy's Pareto envelope as chosen on the validation split (the same flag on both splits: a test point
   * is on it because its validation twin is). The learned policy's frontier is these points.
   */
  envelope?: boolean;
  /** Learned gates on test: wall-clock early exit (segmented backbone, shrinking batches) vs the plain backbone. */
  runtime?: { earlyMsPerImage: number; fullMsPerImage: number; speedup: number; images: number; batchSize?: number; single?: { earlyMsPerImage: number; fullMsPerImage: number; speedup: number; images: number } | null };
}

/** One exit's classifier, measured on the test split; calibration fitted on validation. */
export interface ExitReport {
  name: string;
  cost: number;
  /** Test accuracy of this exit alone (the fixed-exit point). */
  accuracy: number;
  /** Temperature dividing the logits (1 = uncalibrated). */
  temperature: number;
  /** Expected calibration error (15 equal-width bins) on test, before and after temperature scaling. */
  ece: { before: number; after: number };
}

/** A figure over `--seeds` repetitions: mean and sample standard deviation (0 for one seed). */
export interface SeedStat {
  mean: number;
  std: number;
  /** Repetitions that reached the budget at all (the mean is over these). */
  n: number;
}

/** Who wins, for one policy, on the test split's frontier (operating points chosen on validation). */
export interface PolicySummary {
  policy: PolicyName;
  /** Highest speedup keeping test accuracy within 0.5 / 1 point of the reference; null where no point does. */
  speedupAtDrop: { drop: number; value: SeedStat | null }[];
  /** Best test accuracy at ≤ 25 / 50 / 75 % of the full model's cost; null where no point is that cheap. */
  accuracyAtCost: { cost: number; value: SeedStat | null }[];
  /**
   * Area under the policy's frontier (best accuracy at cost ≤ c), averaged over c from the cheapest exit's cost
   * to 1: an accuracy in [0, 1]; budgets the policy cannot meet count as 0.
   */
  auc: SeedStat;
}

export interface RunSummaryTable {
  /** What "drop" is measured against: the backbone's own classifier on test. */
  reference: { name: string; accuracy: SeedStat };
  seeds: number;
  policies: PolicySummary[];
  /** Per column key (`speedup@0.5`, `accuracy@0.25`, `auc`): the policy that wins it, or null if none / a tie within the spread. */
  best: Record<string, PolicyName | null>;
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
      /** LEENet-loss gates: the loss's expected cross-entropy and expected (normalised) cost, which compare across α. */
      parts?: { ce: number; cost: number };
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
  /** Per exit (the last one included): accuracy, temperature and calibration error (first seed). */
  exitReports: ExitReport[];
  /** Part-6 table: each policy's speedup and accuracy at fixed budgets, and its frontier's area. */
  summary: RunSummaryTable | null;
  /** Each exit's measured latency on this backend (absent when nothing was timed). */
  latency: LatencyProfile | null;
}

export interface SweepOptions {
  /** Folder holding one sub-folder per run. */
  workspace: string;
  onEvent?: (event: SweepEvent) => void;
  /** Aborting stops the sweep at the next batch; finished α values are kept and the run is marked `stopped`. */
  signal?: AbortSignal;
  /** Use this id instead of a fresh one (the host allocates ids for queued runs). */
  runId?: string;
  /** The new run's name (default: its id). */
  name?: string;
  /**
   * Resume the stopped, failed or interrupted run `runId` (its own config): the feature store, the heads and every
   * finished gate model are read back, not recomputed.
   */
  resume?: boolean;
  /** tfjs backend request (`auto`, `node-gpu`, `node`, `wasm`, `cpu`); default `$LEENET_BACKEND` or auto. */
  backend?: string;
  /** Where trained backbones are cached; default the platform cache folder. */
  cacheDir?: string;
  /** The config's dataset, already loaded at the backbone's input size (the CLI reads it once for its estimate). */
  dataset?: ImageDataset;
  /**
   * `gates`: stop (status `stopped`, heads checkpointed) where the gates would start, so the α values can be trained
   * elsewhere and the run resumed with their gate models (a queue's α fan-out).
   */
  until?: 'gates';
  /** False: no wall-clock timing of early exit (a queue's α job, whose gates are timed when the run is finished). */
  timeRuntime?: boolean;
}
