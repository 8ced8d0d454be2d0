import type { SampleRecords } from './types';

export interface SampleQuery {
  /** Which α of the records (index into `alphas`). */
  alphaIndex: number;
  /** Only samples that left at this exit. */
  exit?: number;
  /** Only samples the exit taken got right (true) or wrong (false). */
  correct?: boolean;
  /** Only samples of this true class. */
  label?: number;
  offset: number;
  limit: number;
}

export interface SampleItem {
  index: number;
  label: number;
  exitTaken: number;
  /** The answer of the exit taken. */
  prediction: number;
  confidence: number;
  correct: boolean;
  /** g_i of the exit taken; null at the final classifier, which has no gate, or when no gates were recorded. */
  gate: number | null;
  /** What every exit would have answered. */
  perExit: { prediction: number; confidence: number }[];
}

export interface SamplePageResult {
  /** Matches before paging. */
  total: number;
  items: SampleItem[];
}

/** Filters and pages the per-sample records for the exit browser, in test-set order. */
export function querySamples(records: SampleRecords, q: SampleQuery): SamplePageResult {
  const taken = records.exitTaken[q.alphaIndex];
  if (!Number.isInteger(q.alphaIndex) || !taken) throw new RangeError(`No α at index ${q.alphaIndex}: this run has ${records.alphas.length}.`);
  const offset = Math.max(0, Math.floor(q.offset));
  const limit = Math.max(0, Math.floor(q.limit));
  const gates = records.gateScores?.[q.alphaIndex] ?? null;
  const isCorrect = (i: number) => records.exits[taken[i]].prediction[i] === records.label[i];
  const matches: number[] = [];
  for (let i = 0; i < records.index.length; i++) {
    if (q.exit !== undefined && taken[i] !== q.exit) continue;
    if (q.label !== undefined && records.label[i] !== q.label) continue;
    if (q.correct !== undefined && isCorrect(i) !== q.correct) continue;
    matches.push(i);
  }
  const items = matches.slice(offset, offset + limit).map((i): SampleItem => {
    const e = taken[i];
    return {
      index: records.index[i],
      label: records.label[i],
      exitTaken: e,
      prediction: records.exits[e].prediction[i],
      confidence: records.exits[e].confidence[i],
      correct: isCorrect(i),
      gate: gates?.[e]?.[i] ?? null,
      perExit: records.exits.map((x) => ({ prediction: x.prediction[i], confidence: x.confidence[i] })),
    };
  });
  return { total: matches.length, items };
}
