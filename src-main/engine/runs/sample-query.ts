import type { SampleRecords } from './types';

export interface SampleQuery {
  alphaIndex: number;
  /** Only samples that left at this exit. */
  exit?: number;
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
  prediction: number;
  confidence: number;
  correct: boolean;
  gate: number | null;
  perExit: { prediction: number; confidence: number }[];
}

/** Filters and pages the per-sample records for the exit browser. */
export function querySamples(records: SampleRecords, q: SampleQuery): { total: number; items: SampleItem[] } {
  const taken = records.exitTaken[q.alphaIndex];
  if (!taken) throw new Error(`No α at index ${q.alphaIndex}: this run has ${records.alphas.length}.`);
  const matches: number[] = [];
  for (let i = 0; i < records.index.length; i++) {
    const e = taken[i];
    if (q.exit !== undefined && e !== q.exit) continue;
    if (q.label !== undefined && records.label[i] !== q.label) continue;
    if (q.correct !== undefined && (records.exits[e].prediction[i] === records.label[i]) !== q.correct) continue;
    matches.push(i);
  }
  const items = matches.slice(q.offset, q.offset + q.limit).map((i) => {
    const e = taken[i];
    return {
      index: records.index[i],
      label: records.label[i],
      exitTaken: e,
      prediction: records.exits[e].prediction[i],
      confidence: records.exits[e].confidence[i],
      correct: records.exits[e].prediction[i] === records.label[i],
      gate: e < records.exits.length - 1 ? (records.gateScores[q.alphaIndex]?.[e]?.[i] ?? null) : null,
      perExit: records.exits.map((x) => ({ prediction: x.prediction[i], confidence: x.confidence[i] })),
    };
  });
  return { total: matches.length, items };
}
