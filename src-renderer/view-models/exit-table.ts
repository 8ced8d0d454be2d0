import type { ExitReport, RunDetail, SweepConfig } from '@api/models';
import { formatPercent } from './format';

export interface ExitTableRow {
  name: string;
  cost: string;
  accuracy: string;
  temperature: string;
  /** Measured ms per image of reaching and running this exit (all steps up to it), where the run was profiled. */
  latency: string | null;
  /** ECE before → after temperature scaling, in %. */
  ece: string;
  /** Scaling made the exit worse calibrated on test (it was fitted on validation, so it can). */
  worse: boolean;
}

export interface ExitTable {
  costLabel: string;
  /** "ms per image (wasm, batch 64)", or null for runs without a latency profile. */
  latencyLabel: string | null;
  rows: ExitTableRow[];
}

/** The "exits and calibration" table; null for runs written before the engine reported exits. */
export function exitTable(reports: readonly ExitReport[] | undefined, cost: SweepConfig['cost'] | undefined, latency: RunDetail['latency'] = null): ExitTable | null {
  if (!reports?.length) return null;
  let passed = 0;
  const upTo = latency?.stepMs.map((ms) => (passed += ms)) ?? null;
  return {
    latencyLabel: latency ? `ms per image (${latency.backend}, batch ${latency.batchSize}; full model ${latency.fullMsPerImage.toFixed(3)})` : null,
    costLabel: `cost (% of ${cost === 'params' ? 'parameters' : cost === 'latency' ? 'measured latency' : 'FLOPs'})`,
    rows: reports.map((r) => ({
      name: r.name,
      cost: formatPercent(r.cost, 1),
      latency: upTo?.[reports.indexOf(r)]?.toFixed(3) ?? null,
      accuracy: formatPercent(r.accuracy),
      temperature: r.temperature.toFixed(2),
      ece: `${formatPercent(r.ece.before)} → ${formatPercent(r.ece.after)}`,
      worse: r.ece.after > r.ece.before + 1e-9,
    })),
  };
}
