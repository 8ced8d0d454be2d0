import { describe, expect, it } from 'vitest';
import { sampleRecords } from './run-fixtures';
import { exitStats, matchedSoftmaxExits, querySamples, type SampleQuery } from './sample-query';
import type { SampleRecords } from './types';

const records = sampleRecords();
const page = { offset: 0, limit: 10 };

describe('querySamples', () => {
  it('without filters returns every sample of the α, in order, with every exit\'s answer', () => {
    const all = querySamples(records, { alphaIndex: 0, ...page });
    expect(all.total).toBe(4);
    expect(all.items[0]).toEqual({
      index: 10,
      label: 1,
      exitTaken: 1,
      prediction: 1,
      confidence: 0.99,
      correct: true,
      gate: null,
      perExit: [
        { prediction: 1, confidence: 0.9, gate: 0.1 },
        { prediction: 1, confidence: 0.99, gate: null },
      ],
    });
  });

  it('filters by exit taken, correctness and class', () => {
    expect(querySamples(records, { alphaIndex: 1, exit: 0, ...page }).items.map((i) => i.index)).toEqual([10, 11, 13]);
    const wrong = querySamples(records, { alphaIndex: 1, correct: false, ...page });
    expect(wrong.items.map((i) => i.index)).toEqual([11, 12]);
    expect(wrong.items[0]).toMatchObject({ exitTaken: 0, prediction: 0, label: 2, gate: 0.8, correct: false });
    expect(wrong.items[1]).toMatchObject({ exitTaken: 1, prediction: 2, gate: null });
    expect(querySamples(records, { alphaIndex: 1, correct: true, exit: 0, label: 0, ...page }).items.map((i) => i.index)).toEqual([13]);
    expect(querySamples(records, { alphaIndex: 1, exit: 5, ...page }).total).toBe(0);
  });

  it('pages: total counts every match, items only the page', () => {
    expect(querySamples(records, { alphaIndex: 0, label: 1, offset: 1, limit: 1 })).toMatchObject({ total: 2, items: [{ index: 12 }] });
    expect(querySamples(records, { alphaIndex: 0, offset: 3, limit: 5 }).items.map((i) => i.index)).toEqual([13]);
    expect(querySamples(records, { alphaIndex: 0, offset: 10, limit: 5 })).toEqual({ total: 4, items: [] });
  });

  it('works without gate scores', () => {
    expect(querySamples({ ...records, gateScores: null }, { alphaIndex: 1, exit: 0, ...page }).items[0].gate).toBeNull();
  });

  it('an α index the records do not have is refused', () => {
    expect(() => querySamples(records, { alphaIndex: 5, ...page })).toThrow('No α at index 5: this run has 2.');
    expect(() => querySamples(records, { alphaIndex: -1, ...page })).toThrow('No α at index -1');
  });
});

describe('the exit browser finds the interesting cases', () => {
  // Six test images, one early exit (40 % of the cost) and the backbone's classifier.
  const two: SampleRecords = {
    split: 'test',
    index: [100, 101, 102, 103, 104, 105],
    label: [0, 1, 2, 0, 1, 2],
    exits: [
      { name: 'stage1', prediction: [0, 0, 2, 1, 1, 2], confidence: [0.95, 0.9, 0.6, 0.7, 0.99, 0.5] },
      { name: 'final', prediction: [0, 1, 2, 0, 1, 1], confidence: [0.99, 0.98, 0.97, 0.96, 0.99, 0.8] },
    ],
    alphas: [0.5],
    exitTaken: [[0, 1, 0, 0, 1, 1]],
    gateScores: [[[0.9, 0.8, 0.3, 0.7, 0.95, 0.2]]],
  };
  const costs = [0.4, 1];
  const all = { alphaIndex: 0, offset: 0, limit: 10 };
  const order = (q: Partial<SampleQuery>) => querySamples(two, { ...all, ...q }).items.map((i) => i.index - 100);

  it('sorts by gate score either way (the last exit has none) and puts confident mistakes first', () => {
    expect(order({ sort: 'gate-high' })).toEqual([0, 3, 2, 1, 4, 5]);
    expect(order({ sort: 'gate-low' })).toEqual([2, 3, 0, 1, 4, 5]);
    expect(order({ sort: 'confidently-wrong' })).toEqual([5, 3, 2, 0, 1, 4]);
  });

  it('filters by predicted class, and gives every exit\'s gate score', () => {
    expect(order({ predicted: 1 })).toEqual([1, 3, 4, 5]);
    expect(querySamples(two, { ...all, limit: 1 }).items[0].perExit).toEqual([
      { prediction: 0, confidence: 0.95, gate: 0.9 },
      { prediction: 0, confidence: 0.99, gate: null },
    ]);
  });

  it('compares with max-softmax at the same compute: learned wrong where it is right, and the reverse', () => {
    // The learned policy spends 0.7 of the cost on average; max-softmax does too at thresholds in (0.70, 0.90].
    expect(matchedSoftmaxExits(two, 0, costs)).toEqual({ threshold: 0.71, exits: [0, 0, 1, 1, 0, 1] });
    expect(order({ versus: 'learned-wrong', costs })).toEqual([3]);
    expect(order({ versus: 'learned-right', costs })).toEqual([1]);
    expect(() => querySamples(two, { ...all, versus: 'learned-wrong' })).toThrow(/needs the exits' costs/);
  });

  it('counts each exit × class and names each exit\'s commonest mistakes', () => {
    expect(exitStats(two, 0, 3, costs)).toEqual({
      cells: [
        [{ n: 2, correct: 1 }, { n: 0, correct: 0 }, { n: 1, correct: 1 }],
        [{ n: 0, correct: 0 }, { n: 2, correct: 2 }, { n: 1, correct: 0 }],
      ],
      confusions: [[{ label: 0, prediction: 1, count: 1 }], [{ label: 2, prediction: 1, count: 1 }]],
      softmaxThreshold: 0.71,
    });
  });
});
