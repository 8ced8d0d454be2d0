import type { Phase, SweepEvent } from '../sweep-types';
import type { LossParts } from '../train/train-gates';

/** Turns step counts into progress events with an ETA from the phase's own pace. */
export class PhaseProgress {
  private started = Date.now();

  constructor(
    private readonly emit: (e: SweepEvent) => void,
    readonly phase: Phase,
    message: string,
  ) {
    emit({ type: 'phase', phase, message });
  }

  step(done: number, total: number, series?: string, loss?: number, parts?: LossParts): void {
    const elapsed = (Date.now() - this.started) / 1000;
    const etaSeconds = done > 0 ? (elapsed / done) * (total - done) : undefined;
    this.emit({ type: 'progress', phase: this.phase, done, total, series, loss, etaSeconds, ...(parts ? { parts } : {}) });
  }

  seconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}
