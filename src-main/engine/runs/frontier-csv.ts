import type { FrontierPoint } from '../sweep-types';
import { csvText } from '../util/csv';

export const FRONTIER_CSV_COLUMNS = ['policy', 'param', 'split', 'accuracy', 'cost', 'speedup', 'exit_fractions', 'exit_accuracy', 'threshold', 'curve', 'envelope'];

/** Six significant digits; empty where there is no number (null, or an infinite speed-up at zero cost). */
const num = (x: number | null) => (x === null || !Number.isFinite(x) ? '' : String(Number(x.toPrecision(6))));

/** 1 / 0 for a set flag, empty where the point has none (policies without a threshold sweep, older runs). */
const flag = (b: boolean | undefined) => (b === undefined ? '' : b ? '1' : '0');

/**
 * The frontier as CSV: the run folder's `frontier.csv` and the UI's CSV export. Per-exit columns are `;`-joined;
 * `threshold`, `curve` and `envelope` are the learned gates' threshold and flags (see FrontierPoint).
 */
export function frontierToCsv(points: FrontierPoint[]): string {
  const rows = points.map((p) =>
    [
      p.policy,
      num(p.param),
      p.split,
      num(p.accuracy),
      num(p.cost),
      num(p.speedup),
      p.exitFractions.map(num).join(';'),
      p.exitAccuracy.map(num).join(';'),
      num(p.threshold ?? null),
      flag(p.curve),
      flag(p.envelope),
    ],
  );
  return csvText(FRONTIER_CSV_COLUMNS, rows);
}
