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
  /** Only samples the exit taken predicted as this class. */
  predicted?: number;
  /**
   * Against max-softmax at the same compute (its threshold matched to this α's mean cost): only samples the learned
   * policy gets wrong and max-softmax right, or the reverse. Needs `costs`.
   */
  versus?: 'learned-wrong' | 'learned-right';
  /** Per exit, the last included: the fraction of the full model's cost spent when leaving there. */
  costs?: readonly number[];
  /** Test-set order (default); gate score of the exit taken, high or low first; or wrong answers, most confident first. */
  sort?: SampleSort;
  offset: number;
  limit: number;
}

export const SAMPLE_SORTS = ['index', 'gate-high', 'gate-low', 'confidently-wrong'] as const;
export type SampleSort = (typeof SAMPLE_SORTS)[number];

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
  /** What every exit would have answered, and its gate's score for this α (null at the last exit, or without gates). */
  perExit: { prediction: number; confidence: number; gate: number | null }[];
}

export interface SamplePageResult {
  /** Matches before paging. */
  total: number;
  items: SampleItem[];
}

function exitsTaken(records: SampleRecords, alphaIndex: number): number[] {
  const taken = records.exitTaken[alphaIndex];
  if (!Number.isInteger(alphaIndex) || !taken) throw new RangeError(`No α at index ${alphaIndex}: this run has ${records.alphas.length}.`);
  return taken;
}

/** Max-softmax's exit per sample at threshold t: the first exit whose calibrated confidence reaches t, else the last. */
function softmaxExits(records: SampleRecords, t: number): number[] {
  const last = records.exits.length - 1;
  return records.label.map((_, i) => {
    for (let k = 0; k < last; k++) if (records.exits[k].confidence[i] >= t) return k;
    return last;
  });
}

const meanCost = (taken: readonly number[], costs: readonly number[]) => taken.reduce((a, e) => a + costs[e], 0) / Math.max(1, taken.length);

/**
 * Max-softmax at the same compute as the learned policy of this α: of thresholds 0, 0.01, …, 1, the one whose mean
 * cost on these samples is closest to the learned policy's (the cheaper one on a tie). Returns each sample's exit.
 */
export function matchedSoftmaxExits(records: SampleRecords, alphaIndex: number, costs: readonly number[]): { threshold: number; exits: number[] } {
  const target = meanCost(exitsTaken(records, alphaIndex), costs);
  let best = { threshold: 1, exits: softmaxExits(records, 1), gap: Infinity };
  for (let j = 0; j <= 100; j++) {
    const threshold = j / 100;
    const exits = softmaxExits(records, threshold);
    const gap = Math.abs(meanCost(exits, costs) - target);
    if (gap < best.gap - 1e-12) best = { threshold, exits, gap };
  }
  return { threshold: best.threshold, exits: best.exits };
}

/** Filters, sorts and pages the per-sample records for the exit browser. */
export function querySamples(records: SampleRecords, q: SampleQuery): SamplePageResult {
  const taken = exitsTaken(records, q.alphaIndex);
  const offset = Math.max(0, Math.floor(q.offset));
  const limit = Math.max(0, Math.floor(q.limit));
  const gates = records.gateScores?.[q.alphaIndex] ?? null;
  const predictionOf = (i: number) => records.exits[taken[i]].prediction[i];
  const isCorrect = (i: number) => predictionOf(i) === records.label[i];
  if (q.versus && !q.costs) throw new RangeError('Comparing with max-softmax needs the exits\' costs.');
  const softmax = q.versus ? matchedSoftmaxExits(records, q.alphaIndex, q.costs!).exits : null;
  const matches: number[] = [];
  for (let i = 0; i < records.index.length; i++) {
    if (q.exit !== undefined && taken[i] !== q.exit) continue;
    if (q.label !== undefined && records.label[i] !== q.label) continue;
    if (q.predicted !== undefined && predictionOf(i) !== q.predicted) continue;
    if (q.correct !== undefined && isCorrect(i) !== q.correct) continue;
    if (softmax) {
      const softmaxRight = records.exits[softmax[i]].prediction[i] === records.label[i];
      if (q.versus === 'learned-wrong' ? isCorrect(i) || !softmaxRight : !isCorrect(i) || softmaxRight) continue;
    }
    matches.push(i);
  }
  const gateOf = (i: number) => gates?.[taken[i]]?.[i] ?? null;
  const confidenceOf = (i: number) => records.exits[taken[i]].confidence[i];
  // Stable sorts on test-set order: samples without a gate score (the final exit) go last either way.
  if (q.sort === 'gate-high' || q.sort === 'gate-low') {
    const sign = q.sort === 'gate-high' ? -1 : 1;
    matches.sort((a, b) => {
      const [ga, gb] = [gateOf(a), gateOf(b)];
      if (ga === null || gb === null) return ga === gb ? 0 : ga === null ? 1 : -1;
      return sign * (ga - gb);
    });
  } else if (q.sort === 'confidently-wrong') {
    matches.sort((a, b) => Number(isCorrect(a)) - Number(isCorrect(b)) || (isCorrect(a) ? confidenceOf(a) - confidenceOf(b) : confidenceOf(b) - confidenceOf(a)));
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
      gate: gateOf(i),
      perExit: records.exits.map((x, k) => ({ prediction: x.prediction[i], confidence: x.confidence[i], gate: gates?.[k]?.[i] ?? null })),
    };
  });
  return { total: matches.length, items };
}

/** Per exit × true class, the samples of that class that left there and how many were right (for a heatmap). */
export interface ExitClassCell {
  n: number;
  correct: number;
}

/** One mistake an exit makes, and how often: true class → predicted class. */
export interface ConfusionPair {
  label: number;
  prediction: number;
  count: number;
}

export interface ExitStats {
  /** [exit][class]. */
  cells: ExitClassCell[][];
  /** Per exit, its most frequent mistakes among the samples that left there (most first, at most `top`). */
  confusions: ConfusionPair[][];
  /** Max-softmax at this α's compute, for the "versus" filters: its threshold. Null without costs. */
  softmaxThreshold: number | null;
}

/** Where this α's policy sends each class, how well each exit does on it, and each exit's commonest mistakes. */
export function exitStats(records: SampleRecords, alphaIndex: number, classes: number, costs?: readonly number[], top = 5): ExitStats {
  const taken = exitsTaken(records, alphaIndex);
  const exits = records.exits.length;
  const cells = Array.from({ length: exits }, () => Array.from({ length: classes }, () => ({ n: 0, correct: 0 })));
  const mistakes = Array.from({ length: exits }, () => new Map<string, ConfusionPair>());
  taken.forEach((e, i) => {
    const label = records.label[i];
    const prediction = records.exits[e].prediction[i];
    const cell = cells[e][label];
    if (!cell) return;
    cell.n++;
    if (prediction === label) {
      cell.correct++;
      return;
    }
    const key = `${label}:${prediction}`;
    const pair = mistakes[e].get(key) ?? { label, prediction, count: 0 };
    pair.count++;
    mistakes[e].set(key, pair);
  });
  const confusions = mistakes.map((m) => [...m.values()].sort((a, b) => b.count - a.count || a.label - b.label || a.prediction - b.prediction).slice(0, top));
  return { cells, confusions, softmaxThreshold: costs ? matchedSoftmaxExits(records, alphaIndex, costs).threshold : null };
}
