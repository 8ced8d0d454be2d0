import type { FrontierPoint } from '@api/models';

/**
 * For every point another point beats — at least as accurate at no more cost, strictly better on one — one point
 * that beats it: the most accurate among the cheaper-or-equal ones (the cheapest of those on a tie). The oracle
 * takes no part: it is a bound no rule can deploy, so it neither beats a point nor is beaten.
 */
export function dominators(points: readonly FrontierPoint[]): Map<FrontierPoint, FrontierPoint> {
  const sorted = points.filter((p) => p.policy !== 'oracle').sort((a, b) => a.cost - b.cost || b.accuracy - a.accuracy);
  const beaten = new Map<FrontierPoint, FrontierPoint>();
  // The best point seen so far: the most accurate at a cost up to the current one, cheapest on a tie.
  let best: FrontierPoint | null = null;
  for (const p of sorted) {
    if (best && (best.accuracy > p.accuracy || (best.accuracy === p.accuracy && best.cost < p.cost))) beaten.set(p, best);
    if (!best || p.accuracy > best.accuracy) best = p;
  }
  return beaten;
}
