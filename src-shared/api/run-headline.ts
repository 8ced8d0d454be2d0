import type { ExitReport, FrontierPoint, RunSummaryTable } from '../../src-main/engine/sweep-types';
import { operatingPoints } from './operating-points';

/** A finished run in a few figures, for the runs list: what it reached, and what its backbone scores on its own. */
export interface RunHeadline {
  /** The learned gates' best test accuracy among their validation-chosen points (null: no learned point). */
  accuracy: number | null;
  /** The learned gates' speedup within 1 point of the backbone's own classifier (null: none, or no summary). */
  speedup: number | null;
  /** Each exit's test accuracy; the last is the backbone's own classifier. */
  exits: { name: string; accuracy: number }[];
}

/** The drop the headline's speedup is read at: the who-wins table's 1-point column. */
export const HEADLINE_DROP = 0.01;

/**
 * The learned gates' figures a run is remembered by. Only points chosen on validation count (the envelope; in runs
 * older than the envelope flag, each α's own point), so the headline never quotes a point picked by its test score.
 */
export function runHeadline(run: { points: readonly FrontierPoint[]; summary?: RunSummaryTable | null; exitReports?: readonly ExitReport[] }): RunHeadline {
  const chosen = operatingPoints(run.points, 'leenet');
  const accuracy = chosen.length ? Math.max(...chosen.map((p) => p.accuracy)) : null;
  const leenet = run.summary?.policies.find((p) => p.policy === 'leenet');
  const atDrop = leenet?.speedupAtDrop.find((d) => Math.abs(d.drop - HEADLINE_DROP) < 1e-9);
  return {
    accuracy,
    speedup: atDrop?.value?.mean ?? null,
    exits: (run.exitReports ?? []).map((e) => ({ name: e.name, accuracy: e.accuracy })),
  };
}
