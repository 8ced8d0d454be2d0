import type { FrontierPoint, SweepConfig } from '@api/models';
import { formatPercent, formatTimes, NO_FIGURE } from './format';
import { describePoint, policyLabel } from './frontier-data';
import { splitColumns } from './hidden-columns';

export interface PointsTableRow {
  point: FrontierPoint;
  cells: string[];
  /** Per cell, a tooltip (empty: none). */
  titles: string[];
  /** Another drawn point beats this one on both axes. */
  beaten: boolean;
}

export interface PointsTableView {
  columns: string[];
  rows: PointsTableRow[];
  /** Columns left out because no point has a figure there. */
  hidden: string[];
}

const COLUMNS = ['policy', 'setting', 'accuracy', 'cost', 'speedup', 'measured speedup (batch 64 / 1)', 'beaten on both axes by'];

const measured = (p: FrontierPoint) => (p.runtime ? `${formatTimes(p.runtime.speedup)}${p.runtime.single ? ` / ${formatTimes(p.runtime.single.speedup)}` : ''}` : NO_FIGURE);
const runtimeNote = (p: FrontierPoint) =>
  p.runtime ? `${p.runtime.earlyMsPerImage.toFixed(3)} vs ${p.runtime.fullMsPerImage.toFixed(3)} ms/image on ${p.runtime.images} images` : '';

/**
 * Every test point as a table row: what it is, where it sits, its measured speedup, and which point beats it on the
 * chart (`beatenBy`: the chart's dominance over the points it draws). Columns where every row says "—" are left out.
 */
export function pointsTable(points: readonly FrontierPoint[], exitNames: readonly string[], beatenBy: ReadonlyMap<FrontierPoint, FrontierPoint>, gateTarget?: SweepConfig['gateTarget']): PointsTableView {
  const rows = points.map((p): PointsTableRow => {
    const by = beatenBy.get(p);
    const beaten = by ? `${policyLabel(by.policy, gateTarget)} ${describePoint(by, exitNames)} (${formatPercent(by.accuracy)} at ${formatPercent(by.cost)})` : NO_FIGURE;
    return {
      point: p,
      cells: [policyLabel(p.policy, gateTarget), describePoint(p, exitNames), formatPercent(p.accuracy), formatPercent(p.cost), formatTimes(p.speedup), measured(p), beaten],
      titles: ['', '', '', '', '', runtimeNote(p), ''],
      beaten: by !== undefined,
    };
  });
  const { shown, hidden } = splitColumns(COLUMNS, rows.map((r) => r.cells));
  return {
    columns: shown.map((i) => COLUMNS[i]),
    rows: rows.map((r) => ({ ...r, cells: shown.map((i) => r.cells[i]), titles: shown.map((i) => r.titles[i]) })),
    hidden,
  };
}
