import type { LossRecord } from '../engine/runs/loss-record';

/** One α of a fanned-out sweep: its place among the run's α values. */
export interface AlphaSlot {
  index: number;
  of: number;
}

/** The latest wall time in a loss log (seconds since its session started), 0 when it has none. */
export function lastTime(records: readonly Pick<LossRecord, 'losses'>[]): number {
  let latest = 0;
  for (const r of records) for (const l of r.losses) if (l.time !== undefined && l.time > latest) latest = l.time;
  return latest;
}

/**
 * An α job's gate losses placed as a local sweep logs them: the gates phase counts every α's steps (its total is
 * `of` times one α's), each α's steps after those of the α values before it (the charts take that offset back off
 * to overlay the α curves), and its wall time after `timeBase`, when the heads were done and the α jobs went out.
 */
export function placeAlphaLosses<R extends LossRecord>(record: R, slot: AlphaSlot, timeBase: number): R {
  const perAlpha = record.total;
  return {
    ...record,
    total: perAlpha * slot.of,
    losses: record.losses.map((l) => ({ ...l, step: l.step + slot.index * perAlpha, ...(l.time !== undefined && { time: Math.round((l.time + timeBase) * 1000) / 1000 }) })),
  };
}
