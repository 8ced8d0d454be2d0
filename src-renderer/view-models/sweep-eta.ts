import type { Phase } from '@api/models';

/** One phase of a sweep as the host estimated it. */
export interface PlannedPhase {
  phase: Phase;
  seconds: number;
}

/** A phase the run entered, at `at` (ms); `seenStart` is false when the window joined it under way. */
export interface EnteredPhase {
  phase: Phase;
  at: number;
  seenStart: boolean;
}

export interface SweepPosition {
  entered: readonly EnteredPhase[];
  /** Steps done and total in the current phase, and its own ETA from the engine (its measured pace). */
  done: number;
  total: number;
  phaseEta: number | null;
  now: number;
}

/**
 * The phases a sweep goes through, in order, each with its share of the host's estimate (`RunEstimateInfo.phases`):
 * data, backbone, features, the transfer classifier (reported as heads), then per seed heads, the classic rules and
 * the gates (the first seed also times real early exit: the estimate's runtime), and the records.
 */
export function sweepPlan(estimate: Readonly<Record<string, number>>, seeds: number): PlannedPhase[] {
  const s = Math.max(1, Math.round(seeds));
  const of = (key: string) => Math.max(0, estimate[key] ?? 0);
  const plan: PlannedPhase[] = [
    { phase: 'data', seconds: 0 },
    { phase: 'backbone', seconds: of('backbone') },
    { phase: 'features', seconds: of('features') },
  ];
  if (of('transfer') > 0) plan.push({ phase: 'heads', seconds: of('transfer') });
  for (let i = 0; i < s; i++) {
    plan.push({ phase: 'heads', seconds: of('heads') / s }, { phase: 'evaluate', seconds: 0 }, { phase: 'gates', seconds: of('gates') / s + (i === 0 ? of('runtime') : 0) });
  }
  plan.push({ phase: 'save', seconds: 0 });
  return plan;
}

/** Pace is measured once this many estimated seconds have gone by; before that the estimate is taken as it is. */
const MIN_MEASURED = 1;
/** However far off the estimate, it is not trusted to be more than ten times wrong either way. */
const PACE_LIMITS = [0.1, 10] as const;

/**
 * Seconds left in the whole sweep: the current phase's own ETA (else its estimate's remainder), plus every phase still
 * to come at its estimate, scaled by the pace this run has measured against its estimate so far (actual ÷ estimated
 * seconds over the phases it was seen to go through). Null before the run has entered any phase of the plan.
 */
export function sweepEtaSeconds(plan: readonly PlannedPhase[], position: SweepPosition): number | null {
  // Each entered phase is the next planned phase of that name: heads twice with a transfer step, per seed, ….
  const steps: { plan: number; entered: EnteredPhase }[] = [];
  for (const entered of position.entered) {
    const from = steps.length ? steps[steps.length - 1].plan + 1 : 0;
    const j = plan.findIndex((p, k) => k >= from && p.phase === entered.phase);
    if (j >= 0) steps.push({ plan: j, entered });
  }
  const current = steps.at(-1);
  if (!current) return null;
  const fraction = position.total > 0 ? Math.min(Math.max(position.done / position.total, 0), 1) : 0;
  let estimated = 0;
  let actual = 0;
  steps.forEach((step, k) => {
    const seconds = plan[step.plan].seconds;
    if (!step.entered.seenStart || seconds <= 0) return;
    const next = steps[k + 1];
    const ended = next ? next.entered.at : position.now;
    estimated += next ? seconds : fraction * seconds;
    actual += Math.max(0, ended - step.entered.at) / 1000;
  });
  const pace = estimated >= MIN_MEASURED ? Math.min(Math.max(actual / estimated, PACE_LIMITS[0]), PACE_LIMITS[1]) : 1;
  const here = plan[current.plan].seconds;
  const currentLeft = position.phaseEta ?? pace * (1 - fraction) * here;
  const later = plan.slice(current.plan + 1).reduce((sum, p) => sum + p.seconds, 0);
  return Math.max(0, currentLeft) + pace * later;
}
