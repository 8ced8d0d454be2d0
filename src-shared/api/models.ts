import type { SweepConfig } from '../../src-main/engine/config';
import type { ExitInfo, ExitReport, FrontierPoint, Phase, RunSummaryTable } from '../../src-main/engine/sweep-types';
import type { LossRecord } from '../../src-main/engine/runs/loss-record';
import type { SampleItem } from '../../src-main/engine/runs/sample-query';

export type { ExitInfo, ExitReport, FrontierPoint, LossRecord, Phase, RunSummaryTable, SweepConfig };
export type { SeedStat } from '../../src-main/engine/sweep-types';
export type { BackboneOrigin } from '../../src-main/engine/runs/types';
export type { ConfusionPair, ExitClassCell, ExitStats, SampleSort } from '../../src-main/engine/runs/sample-query';
export { SAMPLE_SORTS } from '../../src-main/engine/runs/sample-query';
import type { BackboneOrigin } from '../../src-main/engine/runs/types';
import type { RunHeadline } from './run-headline';
export type { RunHeadline } from './run-headline';
export type { BudgetTarget, BudgetTargetKind, PointFigures, RunBudget } from '../../src-main/engine/budget/budget-types';

export type HostKind = 'electron' | 'browser' | 'test';

export interface AppInfo {
  host: HostKind;
  version: string;
  workspace: string;
  /** The tfjs backend the training worker runs on, once it has started (null until then or when it failed). */
  backend: { name: string; detail: string } | null;
  /** Why the backend is unknown, when it is. */
  backendError?: string;
}

/** A layer an exit may read: its share of the backbone's FLOPs up to it (0…1), and whether it is a preset. */
export interface ExitCandidateInfo {
  name: string;
  cost: number;
  preset: boolean;
}

export interface BackboneInfo {
  name: string;
  description: string;
  /** [height, width, channels] the backbone takes. */
  input: [number, number, number];
  /** Exit-point presets, in depth order; the backbone's own classifier is always the last exit. */
  exits: string[];
  /** Every place an exit may go, in depth order, presets included. */
  exitCandidates: ExitCandidateInfo[];
  params: number;
}

export interface DatasetInfo {
  /** Spec prefix: `mnist`, or `fashion-mnist` which takes `:DIR`. */
  name: string;
  description: string;
  needsDir: boolean;
  /** The images it brings [height, width, channels]; null where they are decoded at the backbone's own size. */
  images: [number, number, number] | null;
}

/** What a run will cost on the host's backend, before it starts (measured throughput × the run's images). */
export interface RunEstimateInfo {
  seconds: number;
  /** Expected peak memory of the engine. */
  bytes: number;
  /** What dominates and what to do about it, one sentence each. */
  notes: string[];
  /** Seconds per phase. */
  phases: Record<string, number>;
  images: { train: number; val: number; test: number };
}

export type ConfigCheck = { ok: true; config: SweepConfig } | { ok: false; errors: Record<string, string> };

export type RunStatus = 'queued' | 'running' | 'finished' | 'stopped' | 'failed' | 'interrupted';

export interface RunSummary {
  id: string;
  name: string;
  status: RunStatus;
  /** ISO time the run was queued or created. */
  createdAt: string;
  dataset: string;
  backbone: string;
  backend: string | null;
  alphas: number[];
  alphasDone: number[];
  error: string | null;
  /** Where the backbone came from (absent while queued, null for older runs): the runs list says when it was trained here. */
  backboneOrigin?: BackboneOrigin | null;
  /** A finished run's figures for the runs list (absent while it runs, null until it finishes). */
  headline?: RunHeadline | null;
  /** The queue a run was submitted to, password hidden (absent or null: this machine). */
  runsOn?: string | null;
}

export interface RunDetail extends RunSummary {
  config: SweepConfig;
  exits: ExitInfo[];
  /** Class names in label order; empty when the run did not record them (label numbers stand in). */
  classNames: string[];
  points: FrontierPoint[];
  timings: Record<string, number>;
  /** Whether per-sample exit records were written (finished runs). */
  hasSamples: boolean;
  /** Per exit: head accuracy, temperature and ECE before/after calibration (empty for older runs). */
  exitReports: ExitReport[];
  /** Who wins at fixed budgets, per policy (null until the run finishes, and for older runs). */
  summary: RunSummaryTable | null;
  /** Each exit's measured latency on the run's backend (null for older runs and runs not timed). */
  latency: import('../../src-main/engine/budget/latency-profile').LatencyProfile | null;
  /** Where the backbone came from; for weights this tool trained, on what and their test accuracy (null: older runs). */
  backboneOrigin: BackboneOrigin | null;
  /** Images per split (null for older runs): a test accuracy's standard error is √(p(1−p)/test). */
  splitSizes: { train: number; val: number; test: number } | null;
}

/** One test sample in the exit browser: the engine's own query result, unchanged across the wire. */
export type SampleRow = SampleItem;

export interface SamplePage {
  total: number;
  offset: number;
  rows: SampleRow[];
}

export interface ExampleImage {
  index: number;
  label: number;
  className: string;
  /** `data:image/png;base64,…` */
  dataUrl: string;
}

export type ExportFormat = 'png' | 'svg' | 'csv';

export interface ExportOutcome {
  /** Where the host saved the file; null when the user cancelled its dialog, or when it hands the file back. */
  path: string | null;
  /**
   * Browser mode: the file for the page to download, since the host has no dialog and may be another machine.
   */
  download: { fileName: string; mimeType: string; base64: string } | null;
}

/** Where an exported early-exit model went, and what it does. */
export interface ModelExportOutcome {
  /** The model folder; null when the user cancelled the folder dialog. */
  path: string | null;
  /** The rule in words, e.g. "learned gates > 0.9848 (α = 0.0124)". */
  rule: string;
  validation: import('../../src-main/engine/budget/budget-types').PointFigures | null;
  test: import('../../src-main/engine/budget/budget-types').PointFigures | null;
}

/** The feature cache: the backbone passes kept on disk and shared by runs. */
export interface CacheInfo {
  dir: string;
  bytes: number;
  /** Stored passes (one per weights, dataset, split, exits and pooling). */
  stores: number;
  /** Least recently used passes are removed beyond this (`LEENET_FEATURE_CACHE_GB`, default 20). */
  capBytes: number;
}

/** A queue as the "Run on" choice checks it: whether Redis answers, and who is there to run a sweep. */
export interface QueueStatus {
  /** The URL with its password hidden. */
  url: string;
  reachable: boolean;
  /** `leenet worker` processes connected to the queue now. */
  workers: number;
  /** Sweep jobs waiting for a worker, and running. */
  waiting: number;
  active: number;
  /** One line for the UI: the counts, or what is wrong and how to mend it. */
  message: string;
}
