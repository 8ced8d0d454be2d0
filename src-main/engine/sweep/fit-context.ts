import type * as tf from '@tensorflow/tfjs';
import type { LatencyProfile } from '../budget/latency-profile';
import type { SweepConfig } from '../config';
import type { RuntimeTimer } from '../evaluate/runtime-timer';
import type { ExitCosts } from '../exits/exit-costs';
import type { PolicyBundleContent } from '../runs/policy-bundle';
import type { ExitReport, FrontierPoint } from '../sweep-types';
import type { SplitFeatures } from '../train/feature-cache';
import type { LossParts } from '../train/train-gates';

/** One repetition's inputs to heads → classic rules → gates: cached features, the backbone, callbacks. */
export interface FitContext {
  config: SweepConfig;
  /** 0 for the run's own seed; later repetitions retrain heads and gates with other seeds on the same features. */
  repetition: number;
  backbone: tf.LayersModel;
  exitLayers: string[];
  train: SplitFeatures;
  val: SplitFeatures;
  test: SplitFeatures;
  /** Progress of the heads and gates phases (only the first repetition draws loss curves). */
  onHeadStep?: (exit: number, done: number, total: number, loss: number | undefined) => void;
  /** `parts`: the LEENet loss's expected cross-entropy and cost (LEENet-loss gates only). */
  onGateStep?: (done: number, total: number, series: string, loss: number | undefined, parts?: LossParts) => void;
  /** The heads are trained: the next phase (gates) starts. */
  onHeadsDone?: (exitReports: ExitReport[], costs: ExitCosts) => Promise<void> | void;
  /** The classic rules are evaluated; gate training starts. */
  onGatesStart?: () => void;
  onPoint?: (point: FrontierPoint) => void;
  /** Called after each α with its points (first repetition only: the run records them as it goes). */
  onAlphaDone?: (alpha: number, taken: Int32Array, gateProbs: Float32Array[]) => Promise<void> | void;
  /** Keep what budget search and export need (the first repetition's exits, heads and gate models). */
  keepBundle?: boolean;
  /**
   * Called with the bundle as it grows — heads trained, each gate model trained — so a run killed later resumes
   * from it (only with `keepBundle`).
   */
  onCheckpoint?: (bundle: PolicyBundleContent) => Promise<void>;
  /** A checkpoint of this repetition from an interrupted run: its heads and gate models are loaded, not retrained. */
  resume?: PolicyBundleContent | null;
  /** Times real early exit for each α's operating point; none: not timed. */
  runtime?: RuntimeTimer | null;
  /** A test batch to profile each exit's latency on (the `latency` cost model, budgets in ms); none: not profiled. */
  profileBatch?: tf.Tensor4D | null;
  /** A profile measured before (a later repetition reuses the first one's). */
  latency?: LatencyProfile | null;
  /** The backend's name, recorded with the profile. */
  backendName?: string;
  signal?: AbortSignal;
}
