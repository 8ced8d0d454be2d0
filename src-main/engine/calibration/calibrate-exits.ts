import { summariseLogits, type LogitSummary } from '../evaluate/logit-summary';
import type { ExitReport } from '../sweep-types';
import { expectedCalibrationError, fitTemperature, scaleLogits } from './temperature';
import { round4 } from '../util/round';

export type CalibrationMode = 'temperature' | 'none';

/** One split's logits per exit (the last = the backbone's classifier), row-major [n, classes]. */
export interface SplitLogits {
  n: number;
  classes: number;
  labels: Int32Array;
  logits: Float32Array[];
}

export interface CalibratedExits {
  /** Per exit, the temperature dividing its logits (1 without calibration). */
  temperatures: number[];
  /** Per split asked for, per exit: summaries of the calibrated logits. */
  summarise: (split: SplitLogits) => LogitSummary[];
  /** Per exit: test accuracy, temperature and ECE before/after, given the test split's calibrated summaries. */
  reports: (test: SplitLogits, calibrated: LogitSummary[], names: string[], costs: readonly number[]) => ExitReport[];
}


/**
 * Fits each exit's temperature on the validation split. Everything downstream — thresholds, gate inputs, the
 * LEENet loss's cross-entropies — reads the calibrated summaries, so a rule's one threshold means the same
 * confidence at every exit.
 */
export function calibrateExits(val: SplitLogits, mode: CalibrationMode): CalibratedExits {
  const temperatures = val.logits.map((z) => (mode === 'temperature' ? fitTemperature(z, val.n, val.classes, val.labels) : 1));
  const summarise = (split: SplitLogits) => split.logits.map((z, k) => summariseLogits(scaleLogits(z, temperatures[k]), split.n, split.classes, split.labels));
  return {
    temperatures,
    summarise,
    reports: (test, after, names, costs) =>
      test.logits.map((z, k) => {
        const before = summariseLogits(z, test.n, test.classes, test.labels);
        const accuracy = before.correct.reduce((a, b) => a + b, 0) / Math.max(1, test.n);
        return {
          name: names[k],
          cost: round4(costs[k]),
          accuracy,
          temperature: round4(temperatures[k]),
          ece: { before: expectedCalibrationError(before.maxProb, before.correct), after: expectedCalibrationError(after[k].maxProb, after[k].correct) },
        };
      }),
  };
}
