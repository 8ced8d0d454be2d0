import { accuracyKey, speedupKey } from '../engine/evaluate/summary-keys';
import type { LatencyProfile } from '../engine/budget/latency-profile';
import type { ExitInfo, ExitReport, FrontierPoint, RunSummaryTable, SeedStat } from '../engine/sweep-types';

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

function paramText(p: FrontierPoint, exits: ExitInfo[]): string {
  if (p.policy === 'leenet') return `α=${p.param}${p.threshold !== undefined ? ` t=${p.threshold}` : ''}`;
  if (p.policy === 'fixed') return exits[p.param ?? 0]?.name ?? String(p.param);
  if (p.param === null) return '';
  if (p.policy === 'patience') return `k=${p.param}`;
  return `τ=${p.param.toPrecision(4)}`;
}

function table(header: string[], rows: string[][], leftColumns = 1): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  return all.map((r) => r.map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

/**
 * The test split's frontier as a plain-text table, the learned gates first. Threshold rules show the points on their
 * validation-chosen envelope (`*`), learned gates also each α's own operating point.
 */
export function frontierTable(points: FrontierPoint[], exits: ExitInfo[]): string {
  const order = ['leenet', 'max-softmax', 'entropy', 'patience', 'fixed', 'oracle'];
  const rows = points
    .filter((p) => p.split === 'test' && (p.envelope !== false || (p.policy === 'leenet' && !p.curve)))
    .sort((a, b) => order.indexOf(a.policy) - order.indexOf(b.policy) || Number(a.curve ?? false) - Number(b.curve ?? false) || (a.param ?? 0) - (b.param ?? 0) || a.cost - b.cost)
    .map((p) => [
      p.policy + (p.envelope ? ' *' : ''),
      paramText(p, exits),
      pct(p.accuracy),
      pct(p.cost),
      `${p.speedup.toFixed(2)}×`,
      p.runtime ? `${p.runtime.speedup.toFixed(2)}×${p.runtime.single ? ` / ${p.runtime.single.speedup.toFixed(2)}×` : ''}` : '',
      p.exitFractions.map((f) => (100 * f).toFixed(0)).join('/'),
    ]);
  return table(['policy', 'param', 'test acc', 'cost', 'speedup', 'measured 64/1', `% leaving at ${exits.map((e) => e.name).join('/')}`], rows, 2);
}

const stat = (s: SeedStat | null, format: (x: number) => string, seeds: number) =>
  s === null ? '—' : seeds > 1 ? `${format(s.mean)} ± ${format(s.std)}` : format(s.mean);

/** Who wins at each budget: one row per policy, the column's winner marked with `◆`. */
export function summaryText(summary: RunSummaryTable): string {
  const x = (v: number) => `${v.toFixed(2)}×`;
  const acc = (v: number) => (100 * v).toFixed(2);
  const mark = (key: string, policy: string, text: string) => (summary.best[key] === policy ? `◆ ${text}` : text);
  const rows = summary.policies.map((p) => [
    p.policy,
    ...p.speedupAtDrop.map((c) => mark(speedupKey(c.drop), p.policy, stat(c.value, x, summary.seeds))),
    ...p.accuracyAtCost.map((c) => mark(accuracyKey(c.cost), p.policy, stat(c.value, acc, summary.seeds))),
    mark('auc', p.policy, stat(p.auc, acc, summary.seeds)),
  ]);
  const header = ['policy', ...summary.policies[0].speedupAtDrop.map((c) => `speedup ≤${100 * c.drop}pt`), ...summary.policies[0].accuracyAtCost.map((c) => `acc ≤${100 * c.cost}%`), 'AUC'];
  const ref = summary.reference;
  const caption = `Test split; operating points chosen on validation; drop vs the backbone's own classifier (${stat(ref.accuracy, acc, summary.seeds)}%)${summary.seeds > 1 ? `; mean ± std over ${summary.seeds} seeds` : ''}; ◆ wins the column by more than the spread.`;
  return `${table(header, rows)}\n${caption}`;
}

/** Per exit: cost, head accuracy, temperature and ECE before → after calibration. */
export function exitReportText(reports: ExitReport[]): string {
  const rows = reports.map((r) => [r.name, pct(r.cost), pct(r.accuracy), r.temperature.toFixed(3), `${pct(r.ece.before)} → ${pct(r.ece.after)}`]);
  return table(['exit', 'cost', 'test acc', 'T', 'ECE before → after'], rows);
}

/** Per exit: the measured ms per image of its step (segment, then pooling + head + gate), beside the plain backbone. */
export function latencyText(profile: LatencyProfile, exits: ExitInfo[]): string {
  const ms = (v: number) => v.toFixed(4);
  const rows = profile.stepMs.map((step, k) => [exits[k]?.name ?? String(k), ms(step - profile.exitMs[k]), ms(profile.exitMs[k]), pct(exits[k]?.cost ?? NaN)]);
  return `${table(['exit', 'segment ms', 'exit ms', 'cost'], rows)}\nLatency per image on ${profile.backend} at batch ${profile.batchSize}; the plain backbone: ${ms(profile.fullMsPerImage)} ms.`;
}
