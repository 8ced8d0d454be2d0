import type { EvalSplit } from '../evaluate/baselines';
import type { LogitSummary } from '../evaluate/logit-summary';
import { policyFigures, type PolicyFigures } from '../evaluate/policy-summary';
import type { ExitCosts } from '../exits/exit-costs';
import type { LatencyProfile } from '../budget/latency-profile';
import type { PolicyBundleContent } from '../runs/policy-bundle';
import type { ExitReport, FrontierPoint } from '../sweep-types';
import { baselinesPhase } from './baselines-phase';
import { startBundle } from './checkpoint';
import type { FitContext } from './fit-context';
import { gatesPhase } from './gates-phase';
import { headsPhase } from './heads-phase';

export type { FitContext };

export interface FitResult {
  points: FrontierPoint[];
  figures: { reference: number; figures: PolicyFigures[] };
  exitReports: ExitReport[];
  costs: ExitCosts;
  /** Test summaries per exit (calibrated), for the per-sample records. */
  testSummaries: LogitSummary[];
  runtimeSeconds: number;
  /** When asked for (`keepBundle`): the run's policy bundle. */
  bundle: PolicyBundleContent | null;
  latency: LatencyProfile | null;
}

/**
 * Heads → calibration → classic rules → learned gates, on cached features, for one repetition. Every threshold is
 * chosen on validation; the test split is only ever evaluated.
 */
export async function fitExitPolicies(ctx: FitContext): Promise<FitResult> {
  const exits = await headsPhase(ctx);
  const points: FrontierPoint[] = [];
  // Points are announced as they are made; flags on them (the envelope) may still change until the end.
  const emit = (p: FrontierPoint) => {
    points.push(p);
    if (ctx.repetition === 0) ctx.onPoint?.(p);
  };
  try {
    await ctx.onHeadsDone?.(exits.exitReports, exits.costs);
    const bundle = ctx.keepBundle ? await startBundle(ctx.config, ctx.exitLayers, exits) : null;
    if (bundle && !exits.resumed) await ctx.onCheckpoint?.(bundle);
    const splits: { val: EvalSplit; test: EvalSplit } = { val: { name: 'val', n: ctx.val.n, summaries: exits.summaries.val }, test: { name: 'test', n: ctx.test.n, summaries: exits.summaries.test } };
    baselinesPhase(splits.val, splits.test, exits.costs.fraction).forEach(emit);
    ctx.onGatesStart?.();
    const runtimeSeconds = await gatesPhase(ctx, exits, splits, bundle, emit);
    return { points, figures: policyFigures(points), exitReports: exits.exitReports, costs: exits.costs, testSummaries: exits.summaries.test, runtimeSeconds, bundle, latency: exits.latency };
  } finally {
    exits.heads.forEach((h) => h.dispose());
  }
}
