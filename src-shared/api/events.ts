import type { ExportFormat, FrontierPoint, Phase, RunSummary } from './models';

/**
 * One point on a loss curve: one reported step's loss while the curve is short (a progress event may carry several
 * per curve, in step order), then the mean loss of `series` over the steps since the previous progress event.
 */
export interface LossSample {
  series: string;
  step: number;
  loss: number;
  /** Seconds since the run started (absent in runs recorded before wall time was). */
  time?: number;
}

/** What the UI hears about runs. Progress arrives at most ~10 times a second however fast the engine reports. */
export type RunEvent =
  | { type: 'queued'; runId: string; position: number; run: RunSummary }
  | { type: 'started'; runId: string }
  | { type: 'phase'; runId: string; phase: Phase; message: string }
  | {
      type: 'progress';
      runId: string;
      phase: Phase;
      done: number;
      total: number;
      etaSeconds: number | null;
      losses: LossSample[];
    }
  | { type: 'point'; runId: string; point: FrontierPoint }
  | { type: 'log'; runId: string; message: string }
  | { type: 'finished'; runId: string; seconds: number; points: number }
  | { type: 'stopped'; runId: string; alphasDone: number }
  | { type: 'failed'; runId: string; message: string };

export interface MenuExportEvent {
  format: ExportFormat;
}
