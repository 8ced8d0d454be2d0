import type { FrontierPoint } from '../sweep-types';

const HEADER = 'policy,param,split,accuracy,cost,speedup,exit_fractions,exit_accuracy';

/** RFC 4180: quote only fields that need it. */
function field(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const num = (x: number | null) => (x === null ? '' : String(Number(x.toPrecision(6))));

/** The frontier as CSV: the run folder's `frontier.csv` and the UI's CSV export. */
export function frontierToCsv(points: FrontierPoint[]): string {
  const rows = points.map((p) =>
    [p.policy, num(p.param), p.split, num(p.accuracy), num(p.cost), num(Number.isFinite(p.speedup) ? p.speedup : null), p.exitFractions.map(num).join(';'), p.exitAccuracy.map(num).join(';')]
      .map(field)
      .join(','),
  );
  return `${[HEADER, ...rows].join('\n')}\n`;
}
