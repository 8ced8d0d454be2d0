import type { Phase } from '../sweep-types';

/** One progress report with losses, as the UI received it: its phase's step count and each curve's mean loss. */
export interface LossRecord {
  phase: Phase;
  total: number;
  /** `time`: seconds since the run started (absent in older runs). */
  losses: { series: string; step: number; loss: number; time?: number }[];
}

/** Reports kept per run (≈ 30 min of a run at 10 reports/s); beyond it every other one is dropped. */
export const MAX_LOSS_RECORDS = 20_000;

/**
 * Appends in place and keeps the log bounded, thinning evenly so a long run keeps its whole shape. In place: the host
 * appends every report a run streams, and copying the log each time would cost its length per report.
 */
export function appendLossRecord(log: LossRecord[], record: LossRecord, max = MAX_LOSS_RECORDS): void {
  log.push(record);
  if (log.length <= max) return;
  let kept = 0;
  for (let i = 0; i < log.length; i++) if (i % 2 === 1 || i === log.length - 1) log[kept++] = log[i];
  log.length = kept;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Why the value is not a loss log, or null. */
export function lossLogFault(value: unknown): string | null {
  if (!Array.isArray(value)) return 'not a list';
  for (const [i, r] of value.entries()) {
    const rec = r as Partial<LossRecord> | null;
    if (!rec || typeof rec.phase !== 'string' || !isFiniteNumber(rec.total) || !Array.isArray(rec.losses)) return `report ${i} is malformed`;
    if (!rec.losses.every((l) => l && typeof l.series === 'string' && isFiniteNumber(l.step) && typeof l.loss === 'number')) return `report ${i} has a malformed loss`;
  }
  return null;
}
