import type { ExitReport, SweepConfig } from '../../src-main/api/models';

export interface ExitTableRow {
  name: string;
  cost: string;
  accuracy: string;
  temperature: string;
  /** ECE before → after temperature scaling, in %. */
  ece: string;
  /** Scaling made the exit worse calibrated on test (it was fitted on validation, so it can). */
  worse: boolean;
}

export interface ExitTable {
  costLabel: string;
  rows: ExitTableRow[];
}

const pct = (x: number, digits: number) => `${(100 * x).toFixed(digits)}%`;

/** The "exits and calibration" table; null for runs written before the engine reported exits. */
export function exitTable(reports: readonly ExitReport[] | undefined, cost: SweepConfig['cost'] | undefined): ExitTable | null {
  if (!reports?.length) return null;
  return {
    costLabel: `cost (% of ${cost === 'params' ? 'parameters' : cost === 'latency' ? 'measured latency' : 'FLOPs'})`,
    rows: reports.map((r) => ({
      name: r.name,
      cost: pct(r.cost, 1),
      accuracy: pct(r.accuracy, 2),
      temperature: r.temperature.toFixed(2),
      ece: `${pct(r.ece.before, 2)} → ${pct(r.ece.after, 2)}`,
      worse: r.ece.after > r.ece.before + 1e-9,
    })),
  };
}
