import type { ExitStats } from '@api/models';

export interface ConfusionChip {
  exit: number;
  label: number;
  prediction: number;
  count: number;
  /** `7 → 1`: true class → predicted class. */
  text: string;
  title: string;
}

export interface ConfusionGroup {
  exit: number;
  name: string;
  /** Its commonest mistakes, most first (the host keeps the top few). */
  pairs: ConfusionChip[];
}

/** Per exit, the true → predicted pairs it gets wrong most among the images that left there. */
export function confusionGroups(stats: ExitStats, exitNames: readonly string[], className: (c: number) => string): ConfusionGroup[] {
  return stats.confusions.map((pairs, exit) => {
    const name = exitNames[exit] ?? `exit ${exit}`;
    return {
      exit,
      name,
      pairs: pairs.map((p) => ({
        exit,
        ...p,
        text: `${className(p.label)} → ${className(p.prediction)}`,
        title: `${p.count} test image${p.count === 1 ? '' : 's'} of class ${className(p.label)} left at ${name} predicted ${className(p.prediction)}`,
      })),
    };
  });
}
