import type { ExitInfo, FrontierPoint } from '../engine/sweep-types';

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

function paramText(p: FrontierPoint, exits: ExitInfo[]): string {
  if (p.policy === 'leenet') return `α=${p.param}`;
  if (p.policy === 'fixed') return exits[p.param ?? 0]?.name ?? String(p.param);
  if (p.param === null) return '';
  return `τ=${p.param.toPrecision(4)}`;
}

/** The test split's frontier as a plain-text table, the learned gates first. */
export function frontierTable(points: FrontierPoint[], exits: ExitInfo[]): string {
  const order = ['leenet', 'max-softmax', 'entropy', 'fixed', 'oracle'];
  const rows = points
    .filter((p) => p.split === 'test')
    .sort((a, b) => order.indexOf(a.policy) - order.indexOf(b.policy) || (a.param ?? 0) - (b.param ?? 0))
    .map((p) => [
      p.policy,
      paramText(p, exits),
      pct(p.accuracy),
      pct(p.cost),
      `${p.speedup.toFixed(2)}×`,
      p.runtime ? `${p.runtime.speedup.toFixed(2)}×` : '',
      p.exitFractions.map((f) => (100 * f).toFixed(0)).join('/'),
    ]);
  const header = ['policy', 'param', 'test acc', 'cost', 'speedup', 'measured', `% leaving at ${exits.map((e) => e.name).join('/')}`];
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  return all.map((r) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}
