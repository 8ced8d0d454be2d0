import { describe, expect, it } from 'vitest';
import { sampleRecords } from './run-fixtures';
import { querySamples } from './sample-query';

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
        { prediction: 1, confidence: 0.9 },
        { prediction: 1, confidence: 0.99 },
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
