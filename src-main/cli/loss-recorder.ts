import { appendLossRecord, type LossRecord } from '../engine/runs/loss-record';
import type { SweepEvent } from '../engine/sweep-types';
import { createEventBatcher } from '../worker/event-batcher';

/**
 * The loss log of a CLI sweep, folded exactly as the worker folds what a window receives (mean loss per curve per
 * 100 ms, the LEENet loss's two terms as curves of their own), so a run made by `leenet sweep` draws its curves in
 * the workbench like one started there.
 */
export function lossRecorder(intervalMs = 100): { onEvent: (e: SweepEvent) => void; finish: () => LossRecord[] } {
  const log: LossRecord[] = [];
  const batcher = createEventBatcher((events) => {
    for (const e of events) if (e.type === 'progress' && e.losses.length) appendLossRecord(log, { phase: e.phase, total: e.total, losses: e.losses });
  }, intervalMs);
  return {
    onEvent: (e) => batcher.push(e),
    finish: () => {
      batcher.flush();
      batcher.dispose();
      return log;
    },
  };
}
