import type { ExitStats } from '@api/models';
import { ACCURACY_RAMP, accuracyStep } from '../charts/palette';
import { formatPercent } from './format';

export interface HeatmapCell {
  exit: number;
  label: number;
  /** Test images of this class that left at this exit, and how many of them it got right. */
  n: number;
  correct: number;
  /** The count drawn in the cell; empty where no image left. */
  text: string;
  /** The whole story, for the tooltip and screen readers. */
  title: string;
  /** Ramp colours by accuracy; null for an empty cell, which has no accuracy. */
  fill: string | null;
  ink: string | null;
}

export interface HeatmapRow {
  label: number;
  name: string;
  cells: HeatmapCell[];
}

export interface ExitHeatmap {
  exits: string[];
  /** One row per true class. */
  rows: HeatmapRow[];
  /** Per exit: how many left there in all, and their accuracy. */
  totals: { text: string; title: string }[];
}

const images = (n: number) => `${n} test image${n === 1 ? '' : 's'}`;

/**
 * The exit × class grid of one α: rows are true classes and columns exits (class names run long and classes many, so
 * they get the axis that scrolls), each cell the number of that class's images that left at that exit, coloured by
 * how many of them the exit got right.
 */
export function exitHeatmap(stats: ExitStats, exitNames: readonly string[], className: (c: number) => string, dark: boolean): ExitHeatmap {
  const exits = stats.cells.map((_, e) => exitNames[e] ?? `exit ${e}`);
  const classes = Math.max(0, ...stats.cells.map((row) => row.length));
  const rows = Array.from({ length: classes }, (_, label): HeatmapRow => ({
    label,
    name: className(label),
    cells: stats.cells.map((byClass, exit): HeatmapCell => {
      const { n, correct } = byClass[label] ?? { n: 0, correct: 0 };
      const where = `class ${className(label)} at ${exits[exit]}`;
      if (n === 0) return { exit, label, n, correct, text: '', title: `${where}: no test image left here`, fill: null, ink: null };
      const step = accuracyStep(correct / n, dark);
      return { exit, label, n, correct, text: String(n), title: `${where}: ${correct} of ${images(n)} right (${formatPercent(correct / n, 1)})`, fill: step.fill, ink: step.ink };
    }),
  }));
  const totals = stats.cells.map((byClass, exit) => {
    const n = byClass.reduce((a, c) => a + c.n, 0);
    const correct = byClass.reduce((a, c) => a + c.correct, 0);
    return n === 0
      ? { text: '0', title: `no test image left at ${exits[exit]}` }
      : { text: String(n), title: `${exits[exit]}: ${correct} of ${images(n)} right (${formatPercent(correct / n, 1)})` };
  });
  return { exits, rows, totals };
}

export interface LegendStep {
  label: string;
  fill: string;
  ink: string;
}

const pct = (x: number) => `${Math.round(100 * x)}%`;

/** The ramp as a legend, best first: `≥ 99%`, `95–99%`, …, `< 50%`. */
export function accuracyLegend(dark: boolean): LegendStep[] {
  const ramp = ACCURACY_RAMP[dark ? 'dark' : 'light'];
  return ramp.map((s, i) => ({
    label: i === 0 ? `≥ ${pct(s.from)}` : i === ramp.length - 1 ? `< ${pct(ramp[i - 1].from)}` : `${Math.round(100 * s.from)}–${pct(ramp[i - 1].from)}`,
    fill: s.fill,
    ink: s.ink,
  }));
}
