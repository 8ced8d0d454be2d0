import type { QueueSplit } from '../../../src-shared/api/queue-split';
import type { LatencyProfile } from '../budget/latency-profile';
import type { SweepConfig } from '../config';
import type { ExitInfo, ExitReport, FrontierPoint, RunSummaryTable } from '../sweep-types';

/** `interrupted`: run.json says queued or running, but the process that ran it is gone (killed, crashed). */
export type RunStatus = 'queued' | 'running' | 'finished' | 'stopped' | 'failed' | 'interrupted';

export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'finished', 'stopped', 'failed', 'interrupted'];

/** `run.json`: everything about one run but its per-sample records. */
export interface RunRecord {
  /** The run's folder name; the folder, not the file, is the authority (a copied folder is its own run). */
  id: string;
  /** User-visible name; defaults to the id. */
  name: string;
  status: RunStatus;
  error?: string;
  /** ISO times. */
  createdAt: string;
  updatedAt: string;
  config: SweepConfig;
  backend: string;
  dataset: string;
  backbone: string;
  exits: ExitInfo[];
  /** The dataset's class names, label order (absent in runs written before they were recorded). */
  classNames?: string[];
  alphasDone: number[];
  timings: Record<string, number>;
  seed: number;
  points: FrontierPoint[];
  /** Per exit: head accuracy, temperature, ECE before/after (absent in runs written before calibration). */
  exitReports?: ExitReport[];
  /** Who wins at fixed budgets, per policy (absent in older runs). */
  summary?: RunSummaryTable | null;
  /** The process running (or queueing) it: a run left `running` by a process that is gone was interrupted. */
  pid?: number;
  /** Where the backbone's weights came from: export loads them from `dir` (absent in older runs). */
  provision?: BackboneOrigin & { key: string; dir: string };
  /** Images per split: the standard error of a test accuracy is √(p(1−p)/test) (absent in older runs). */
  splitSizes?: { train: number; val: number; test: number };
  /** Per-step latency of early exit measured on the machine and backend of the run (absent in older runs). */
  latency?: LatencyProfile;
  /** A run that ran on a queue's workers: the queue (password hidden), the worker that finished it, how it was spread. */
  queue?: { url: string; worker: string } & Partial<QueueSplit>;
}

/**
 * Where a run's backbone came from. Weights this tool trained (`trained` now, or `cache`d from an earlier run) carry
 * what they were trained on and their own classifier's test accuracy: a small split trains a weak backbone.
 */
export interface BackboneOrigin {
  source: 'shipped' | 'cache' | 'trained' | 'pretrained';
  trainSamples?: number;
  epochs?: number;
  testAccuracy?: number | null;
}

/** One exit's answer for every test sample; the last exit is the backbone's own classifier. */
export interface ExitSamples {
  name: string;
  prediction: number[];
  /** Max softmax probability, rounded to 4 decimals. */
  confidence: number[];
}

/**
 * `samples.json`, columnar: the test split's per-sample outcome at every exit and the exit taken for each α.
 * Gate probabilities depend on α (each α trains its own gates), so they live in `gateScores`, not on the exits.
 */
export interface SampleRecords {
  split: 'test';
  /** Index into the dataset's test set (into its train set for an 80/20 split). */
  index: number[];
  label: number[];
  exits: ExitSamples[];
  alphas: number[];
  /** [alphaIndex][sample] → exit index. */
  exitTaken: number[][];
  /** [alphaIndex][early exit][sample] → gate probability g_i (4 decimals); null when no gates were recorded. */
  gateScores: number[][][] | null;
}
