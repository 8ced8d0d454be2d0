import type { SampleRecords } from './types';

/** Four decimals are plenty for a probability shown to a person, and keep samples.json small. */
import { round4 } from '../util/round';

/** The same records with every probability rounded to 4 decimals (classes and indices are integers already). */
export function compactSampleRecords(r: SampleRecords): SampleRecords {
  return {
    ...r,
    exits: r.exits.map((e) => ({ ...e, confidence: e.confidence.map(round4) })),
    gateScores: r.gateScores && r.gateScores.map((perAlpha) => perAlpha.map((g) => g.map(round4))),
  };
}

const isNumberArray = (a: unknown, n: number): a is number[] => Array.isArray(a) && a.length === n && a.every((x) => typeof x === 'number' && Number.isFinite(x));

const isIntArray = (a: unknown, n: number, below: number): a is number[] =>
  isNumberArray(a, n) && a.every((x) => Number.isInteger(x) && x >= 0 && x < below);

/**
 * Why these records cannot be used, or null when every column lines up: written records are checked so a bug
 * shows at the save step, read ones so a damaged file gets a message instead of a crash in the exit browser.
 * JSON turns NaN into null, so non-finite numbers are refused here rather than written.
 */
export function sampleRecordsFault(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const r = value as Partial<Record<keyof SampleRecords, unknown>>;
  if (r.split !== 'test') return `split is ${JSON.stringify(r.split)}, expected "test"`;
  if (!Array.isArray(r.index)) return 'index is not a list';
  const n = r.index.length;
  if (!isIntArray(r.index, n, Number.MAX_SAFE_INTEGER)) return 'index holds something other than sample indices';
  if (!isIntArray(r.label, n, Number.MAX_SAFE_INTEGER)) return `label does not hold ${n} class numbers`;
  if (!Array.isArray(r.exits) || r.exits.length === 0) return 'exits is not a non-empty list';
  const exits = r.exits.length;
  for (const [k, e] of (r.exits as unknown[]).entries()) {
    const x = e as Partial<Record<string, unknown>> | null;
    if (typeof x?.name !== 'string') return `exit ${k} has no name`;
    if (!isIntArray(x.prediction, n, Number.MAX_SAFE_INTEGER)) return `exit ${x.name}: prediction does not hold ${n} class numbers`;
    if (!isNumberArray(x.confidence, n)) return `exit ${x.name}: confidence does not hold ${n} finite numbers`;
  }
  if (!Array.isArray(r.alphas) || !isNumberArray(r.alphas, r.alphas.length)) return 'alphas is not a list of numbers';
  const alphas = r.alphas.length;
  if (!Array.isArray(r.exitTaken) || r.exitTaken.length !== alphas) return `exitTaken does not hold one row per α (${alphas})`;
  const badTaken = r.exitTaken.findIndex((row) => !isIntArray(row, n, exits));
  if (badTaken >= 0) return `exitTaken for α index ${badTaken} does not hold ${n} exit indices below ${exits}`;
  if (r.gateScores === null) return null;
  if (!Array.isArray(r.gateScores) || r.gateScores.length !== alphas) return `gateScores does not hold one entry per α (${alphas})`;
  const badGates = r.gateScores.findIndex((perAlpha) => !Array.isArray(perAlpha) || perAlpha.length !== exits - 1 || !perAlpha.every((g) => isNumberArray(g, n)));
  if (badGates >= 0) return `gateScores for α index ${badGates} does not hold ${exits - 1} early exits × ${n} finite numbers`;
  return null;
}
