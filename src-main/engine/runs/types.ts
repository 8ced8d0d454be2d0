import type { SweepConfig } from '../config';
import type { ExitInfo, FrontierPoint } from '../sweep-types';

export type RunStatus = 'queued' | 'running' | 'finished' | 'stopped' | 'failed';

/** `run.json`: everything about one run but its per-sample records. */
export interface RunRecord {
  id: string;
  /** User-visible name; defaults to the id. */
  name: string;
  status: RunStatus;
  error?: string;
  createdAt: string;
  updatedAt: string;
  config: SweepConfig;
  backend: string;
  dataset: string;
  backbone: string;
  exits: ExitInfo[];
  alphasDone: number[];
  timings: Record<string, number>;
  seed: number;
  points: FrontierPoint[];
}

/** `samples.json`, columnar: the test split's per-sample outcome at every exit and the exit taken for each α. */
export interface SampleRecords {
  split: 'test';
  /** Index into the dataset's test set. */
  index: number[];
  label: number[];
  /** Every exit, the last (the backbone's classifier) included. */
  exits: { name: string; prediction: number[]; confidence: number[] }[];
  alphas: number[];
  /** [alphaIndex][sample] → exit index. */
  exitTaken: number[][];
  /** [alphaIndex][early exit][sample] → gate probability. */
  gateScores: number[][][];
}
