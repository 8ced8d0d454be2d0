/**
 * One phase cut into parts that free workers run (a feature pass's shards, a sweep's α values): each part's latest
 * position as it reported it, summed into the one phase a local run shows.
 */
export class PartsProgress {
  private readonly parts = new Map<number, { done: number; total: number; eta: number | null }>();

  report(index: number, done: number, total: number, eta: number | null): void {
    this.parts.set(index, { done, total, eta });
  }

  /** Parts heard from so far. */
  get heard(): number {
    return this.parts.size;
  }

  get done(): number {
    return [...this.parts.values()].reduce((sum, p) => sum + p.done, 0);
  }

  /** The steps of the parts heard from. */
  get total(): number {
    return [...this.parts.values()].reduce((sum, p) => sum + p.total, 0);
  }

  /** The slowest running part's ETA; unknown while some of the `of` parts has not reported, or a running one has none yet. */
  eta(of: number): number | null {
    const running = [...this.parts.values()].filter((p) => p.done < p.total).map((p) => p.eta);
    if (this.parts.size < of || running.some((t) => t === null)) return null;
    return Math.max(0, ...(running as number[]));
  }
}
