import type { FrontierPoint } from '@api/models';
import { operatingPoints } from '@api/operating-points';

type PolicyName = FrontierPoint['policy'];

/** Where a vertex sits on either x axis: a point's own cost and speedup, never one converted from the other. */
export interface Anchor {
  cost: number;
  speedup: number;
}

export type EnvelopeAxis = 'cost' | 'speedup';

/** One corner of a drawn staircase: x on the chosen axis, accuracy in %, and the point whose accuracy it carries. */
export interface StairVertex {
  x: number;
  y: number;
  point: FrontierPoint;
}

export const xOnAxis = (a: Anchor, axis: EnvelopeAxis): number => (axis === 'cost' ? a.cost : a.speedup);

/**
 * The staircase "best accuracy at cost ≤ c": the points where it steps up, cheapest first, each strictly more
 * accurate than the one before. At equal cost the more accurate point stands; a point no more accurate than a
 * cheaper one is not a corner.
 */
export function envelope(points: readonly FrontierPoint[]): FrontierPoint[] {
  const sorted = [...points].sort((a, b) => a.cost - b.cost || b.accuracy - a.accuracy);
  const corners: FrontierPoint[] = [];
  for (const p of sorted) {
    const last = corners.at(-1);
    if (!last || p.accuracy > last.accuracy) corners.push(p);
  }
  return corners;
}

/** The envelope's accuracy at a cost budget, or null where the policy has no point that cheap. */
export function accuracyAt(corners: readonly FrontierPoint[], cost: number): number | null {
  let best: number | null = null;
  for (const p of corners) {
    if (p.cost > cost) break;
    best = p.accuracy;
  }
  return best;
}

/**
 * The vertices of the staircase as drawn: flat from each corner until the next corner's cost, then up; the last step
 * runs on to `edge` (the costliest point on the chart), since any larger budget still buys that accuracy. On the
 * speedup axis the same vertices sit at their points' speedups.
 */
export function staircase(corners: readonly FrontierPoint[], edge: Anchor, axis: EnvelopeAxis): StairVertex[] {
  const out: StairVertex[] = [];
  corners.forEach((p, i) => {
    const y = 100 * p.accuracy;
    out.push({ x: xOnAxis(p, axis), y, point: p });
    const next: Anchor | undefined = corners[i + 1] ?? (edge.cost > p.cost ? edge : undefined);
    if (next) out.push({ x: xOnAxis(next, axis), y, point: p });
  });
  return out;
}

/** The rightmost budget on the chart: the costliest test point of any policy (null: no test points). */
export function chartEdge(points: readonly FrontierPoint[]): Anchor | null {
  return points
    .filter((p) => p.split === 'test' && Number.isFinite(p.cost))
    .reduce<Anchor | null>((a, p) => (a === null || p.cost > a.cost ? { cost: p.cost, speedup: p.speedup } : a), null);
}

/** Policies drawn as an envelope: every deployable rule. The oracle is a bound no rule reaches, drawn as its point. */
export const ENVELOPE_POLICIES: readonly PolicyName[] = ['leenet', 'max-softmax', 'entropy', 'patience', 'fixed'];

export interface PolicyEnvelope {
  policy: PolicyName;
  corners: FrontierPoint[];
}

/** Every deployable policy's envelope over its operating points, policies without test points left out. */
export function policyEnvelopes(points: readonly FrontierPoint[]): PolicyEnvelope[] {
  return ENVELOPE_POLICIES.map((policy) => ({ policy, corners: envelope(operatingPoints(points, policy)) })).filter((e) => e.corners.length > 0);
}

/** The binomial standard error of an accuracy measured on `n` images: sqrt(p(1−p)/n). */
export function standardError(accuracy: number, n: number): number {
  return Math.sqrt(Math.max(0, accuracy * (1 - accuracy)) / n);
}

/**
 * The ±1 standard-error ribbon around a drawn staircase (y in %, clamped to 0–100) as one closed outline: along the
 * top, then back along the bottom.
 */
export function errorBand(vertices: readonly StairVertex[], n: number): { x: number; y: number }[] {
  const se = (v: StairVertex) => 100 * standardError(v.point.accuracy, n);
  const upper = vertices.map((v) => ({ x: v.x, y: Math.min(100, v.y + se(v)) }));
  const lower = vertices.map((v) => ({ x: v.x, y: Math.max(0, v.y - se(v)) })).reverse();
  return [...upper, ...lower];
}
