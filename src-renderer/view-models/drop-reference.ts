import type { FrontierPoint } from '@api/models';
import { operatingPoints } from '@api/operating-points';
import { ENVELOPE_POLICIES } from './frontier-envelope';

type PolicyName = FrontierPoint['policy'];

/**
 * What an accuracy "drop" is measured against: the backbone's own classifier (the engine's reference, the last
 * fixed exit), or the best exit (the most accurate single exit on test), which is the fairer bar when an early
 * exit beats the classifier, as on a backbone trained briefly.
 */
export type DropReferenceKind = 'backbone' | 'best-exit';

export interface DropReference {
  kind: DropReferenceKind;
  /** The exit's name (`final` for the backbone's classifier). */
  exit: string;
  /** Its test accuracy, and its validation accuracy where the run kept one. */
  test: number;
  validation: number | null;
  /** How the table and the dial say it: `the backbone's own classifier (final)`. */
  label: string;
}

const EPS = 1e-9;

function fixedPoint(points: readonly FrontierPoint[], split: 'val' | 'test', param: number | null): FrontierPoint | undefined {
  return points.find((p) => p.split === split && p.policy === 'fixed' && p.param === param);
}

/**
 * The chosen reference on a run's fixed-exit points, or null for a run without them. The best exit on a tie is the
 * cheaper one.
 */
export function dropReference(points: readonly FrontierPoint[], exitNames: readonly string[], kind: DropReferenceKind): DropReference | null {
  const fixed = points.filter((p) => p.split === 'test' && p.policy === 'fixed').sort((a, b) => (a.param ?? 0) - (b.param ?? 0));
  const chosen = kind === 'backbone' ? fixed.at(-1) : fixed.reduce<FrontierPoint | undefined>((a, p) => (!a || p.accuracy > a.accuracy ? p : a), undefined);
  if (!chosen) return null;
  const exit = exitNames[chosen.param ?? 0] ?? 'final';
  return {
    kind,
    exit,
    test: chosen.accuracy,
    validation: fixedPoint(points, 'val', chosen.param)?.accuracy ?? null,
    label: kind === 'backbone' ? `the backbone's own classifier (${exit})` : `the best exit (${exit})`,
  };
}

/**
 * Per deployable policy, the highest speedup of an operating point whose test accuracy is within each drop (a
 * fraction: 0.005 = half a point) of `reference`; null where none is. Judged on the validation-chosen points, as the
 * engine's summary is.
 */
export function speedupWithinDrop(points: readonly FrontierPoint[], reference: number, drops: readonly number[]): { policy: PolicyName; values: (number | null)[] }[] {
  return ENVELOPE_POLICIES.flatMap((policy) => {
    const own = operatingPoints(points, policy);
    if (!own.length) return [];
    const values = drops.map((d) => {
      const met = own.filter((p) => p.accuracy >= reference - d - EPS).map((p) => p.speedup);
      return met.length ? Math.max(...met) : null;
    });
    return [{ policy, values }];
  });
}

/** A recomputed speedup wins its column, as in the engine's table, only by more than 1 % over the runner-up. */
export function speedupWinner(cells: readonly { policy: PolicyName; value: number | null }[]): PolicyName | null {
  const ranked = cells.filter((c): c is { policy: PolicyName; value: number } => c.value !== null).sort((a, b) => b.value - a.value);
  const [first, second] = ranked;
  if (!first) return null;
  return !second || first.value - second.value > Math.max(0.01 * first.value, EPS) ? first.policy : null;
}

/** How far a test accuracy is from the reference, in points: `0.52 pt below the best exit (stage3)`. */
export function dropText(accuracy: number, ref: DropReference): string {
  const points = 100 * (ref.test - accuracy);
  if (Math.abs(points) < 0.005) return `level with ${ref.label}`;
  return `${Math.abs(points).toFixed(2)} pt ${points > 0 ? 'below' : 'above'} ${ref.label}`;
}

/**
 * The budget dial's drops: against the chosen reference on each split. The engine's answer carries the backbone's
 * classifier; another reference uses its own validation and test accuracy (validation null where the run kept none).
 */
export function dialReference(engine: { validation: number; test: number }, ref: DropReference | null): { validation: number | null; test: number; label: string } {
  if (!ref || ref.kind === 'backbone') return { ...engine, label: ref?.label ?? "the backbone's own classifier" };
  return { validation: ref.validation, test: ref.test, label: ref.label };
}
