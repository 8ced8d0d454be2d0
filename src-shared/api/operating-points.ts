import type { FrontierPoint, PolicyName } from '../../src-main/engine/sweep-types';

/**
 * The points a policy is judged on, as the engine's who-wins table reads them: its validation-chosen operating points
 * where the run marked them, so test never chooses; a learned policy without marks (older or stopped runs) is its
 * α points, not their threshold sweeps; any other policy without marks is every point it has. The runs list's
 * headline and the window's envelopes read the same points.
 */
export function operatingPoints(points: readonly FrontierPoint[], policy: PolicyName): FrontierPoint[] {
  const own = points.filter((p) => p.split === 'test' && p.policy === policy && Number.isFinite(p.cost) && Number.isFinite(p.accuracy));
  if (own.some((p) => p.envelope !== undefined)) return own.filter((p) => p.envelope);
  return policy === 'leenet' ? own.filter((p) => !p.curve) : own;
}
