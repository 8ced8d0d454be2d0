import cliProgress from 'cli-progress';
import type { SweepEvent } from '../engine/sweep-types';
import { durationText } from '../engine/util/duration-text';

/** Draws sweep progress on stderr (stdout stays clean for the table or JSON). */
export function progressPrinter(): { onEvent: (e: SweepEvent) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{phase} [{bar}] {percentage}% | ETA {eta} | {series} {loss}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase = '';
  let active = false;
  return {
    onEvent(e) {
      if (e.type === 'phase') {
        if (active) bar.stop();
        active = false;
        phase = e.phase;
        process.stderr.write(`▸ ${e.message}\n`);
      } else if (e.type === 'log') {
        if (active) bar.stop();
        active = false;
        process.stderr.write(`  ${e.message}\n`);
      } else if (e.type === 'progress') {
        const eta = e.etaSeconds === undefined ? '…' : durationText(e.etaSeconds);
        const payload = { phase: phase.padEnd(8), eta, series: e.series ?? '', loss: e.loss === undefined ? '' : `loss ${e.loss.toFixed(4)}` };
        if (!active) {
          bar.start(e.total, e.done, payload);
          active = true;
        } else {
          bar.setTotal(e.total);
          bar.update(e.done, e.loss === undefined ? { phase: payload.phase, eta, series: payload.series } : payload);
        }
      }
    },
    stop() {
      if (active) bar.stop();
      active = false;
    },
  };
}
