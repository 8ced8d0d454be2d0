import { baselinePoints, type EvalSplit } from '../evaluate/baselines';
import { markEnvelope } from '../policies/operating-points';
import type { FrontierPoint } from '../sweep-types';

/**
 * The classic rules (max-softmax, entropy and patience sweeps, fixed exits, the oracle) on the cached outputs,
 * each rule's envelope chosen on validation and marked on both splits.
 */
export function baselinesPhase(val: EvalSplit, test: EvalSplit, costs: readonly number[]): FrontierPoint[] {
  const points = baselinePoints(val, test, costs);
  for (const policy of ['max-softmax', 'entropy', 'patience'] as const) {
    const valPoints = points.filter((p) => p.policy === policy && p.split === 'val');
    const testPoints = points.filter((p) => p.policy === policy && p.split === 'test');
    markEnvelope(valPoints.map((v, i) => ({ val: v, test: testPoints[i] })));
  }
  return points;
}
