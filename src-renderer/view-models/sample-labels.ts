import type { FrontierPoint, RunDetail, SampleRow } from '@api/models';
import { finishedAlpha } from '@api/finished-alpha';
import { formatPercent, NO_FIGURE } from './format';

/** A gate score as the browser shows it: `0.82`, or `—` where there is none (the last exit, runs without gates). */
export function gateText(gate: number | null): string {
  return gate === null ? NO_FIGURE : gate.toFixed(2);
}

/** A class by its name where the run recorded names, else its number: the one label tiles, filters and dialog share. */
export function classLabeller(classNames: readonly string[]): (c: number) => string {
  return (c) => classNames[c] ?? String(c);
}

export interface TileLabels {
  truth: string;
  predicted: string;
  /** The exit it left at. */
  exit: string;
  /** How sure that exit was, and its gate's score. */
  scores: string;
}

export function tileLabels(row: SampleRow, exitNames: readonly string[], className: (c: number) => string): TileLabels {
  return {
    truth: `true: ${className(row.label)}`,
    predicted: `pred: ${className(row.prediction)}`,
    exit: exitNames[row.exitTaken] ?? `exit ${row.exitTaken}`,
    scores: `${formatPercent(row.confidence, 0)} · ${row.gate === null ? 'no gate' : `gate ${gateText(row.gate)}`}`,
  };
}

export interface DetailRow {
  exit: string;
  prediction: string;
  confidence: string;
  gate: string;
  /** The exit this sample left at. */
  taken: boolean;
  /** Whether this exit would have been right. */
  right: boolean;
}

/** Every exit's answer for one sample, in depth order, with the same class labels as its tile. */
export function detailRows(row: SampleRow, exitNames: readonly string[], className: (c: number) => string): DetailRow[] {
  return row.perExit.map((e, k) => ({
    exit: exitNames[k] ?? `exit ${k}`,
    prediction: className(e.prediction),
    confidence: formatPercent(e.confidence, 1),
    gate: gateText(e.gate),
    taken: k === row.exitTaken,
    right: e.prediction === row.label,
  }));
}

function alphaPoint(points: readonly FrontierPoint[], alpha: number): FrontierPoint | null {
  return points.find((p) => finishedAlpha(p) === alpha) ?? null;
}

/** The α picker's entries: `α=0.3 · 97.1% at 42% cost`, by index into `alphasDone`. */
export function alphaOptions(run: Pick<RunDetail, 'alphasDone' | 'points'>): { value: number; label: string }[] {
  return run.alphasDone.map((alpha, i) => {
    const p = alphaPoint(run.points, alpha);
    return { value: i, label: p ? `α=${alpha} · ${formatPercent(p.accuracy, 1)} at ${formatPercent(p.cost, 0)} cost` : `α=${alpha}` };
  });
}

/** Which max-softmax the "versus" filters compare with, in one sentence. */
export function versusNote(threshold: number | null, alpha: number | undefined): string {
  if (threshold === null) return 'No max-softmax to compare with: this run did not record its exits’ costs.';
  return `Compared with max-softmax at threshold ${threshold.toFixed(2)}, the one whose mean compute matches α=${alpha ?? '?'} on test.`;
}
