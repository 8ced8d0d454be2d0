import type { Phase, SweepEvent } from '../sweep-types';

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

  step(done: number, total: number, series?: string, loss?: number): void {
    const elapsed = (Date.now() - this.started) / 1000;
    const etaSeconds = done > 0 ? (elapsed / done) * (total - done) : undefined;
    this.emit({ type: 'progress', phase: this.phase, done, total, series, loss, etaSeconds });
  }

  seconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}
