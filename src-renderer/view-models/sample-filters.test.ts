import { describe, expect, it } from 'vitest';
import { describeFilters, isFiltered, NO_FILTERS, sampleFilterParams } from './sample-filters';

const name = (c: number) => ['zero', 'one', 'two'][c] ?? String(c);

describe('sample filters', () => {
  it('send only the filters that narrow, and always the sort', () => {
    expect(sampleFilterParams(NO_FILTERS)).toEqual({ sort: 'index' });
    expect(sampleFilterParams({ exit: 0, label: 0, predicted: 2, correct: 'incorrect', versus: 'learned-wrong', sort: 'confidently-wrong' })).toEqual({
      exit: 0,
      label: 0,
      predicted: 2,
      correct: false,
      versus: 'learned-wrong',
      sort: 'confidently-wrong',
    });
    expect(sampleFilterParams({ ...NO_FILTERS, correct: 'correct', versus: 'learned-right' })).toEqual({ correct: true, versus: 'learned-right', sort: 'index' });
  });

  it('count the sort as a view, not a filter', () => {
    expect(isFiltered({ ...NO_FILTERS, sort: 'gate-high' })).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, exit: 0 })).toBe(true);
    expect(isFiltered({ ...NO_FILTERS, versus: 'learned-right' })).toBe(true);
  });

  it('read as one line, with exit and class names', () => {
    expect(describeFilters(NO_FILTERS, ['stage1', 'final'], name)).toBe('');
    expect(describeFilters({ ...NO_FILTERS, exit: 1, label: 2, predicted: 0, correct: 'incorrect' }, ['stage1', 'final'], name)).toBe('left at final · true two · predicted zero · incorrect');
    expect(describeFilters({ ...NO_FILTERS, versus: 'learned-wrong' }, [], name)).toBe('learned wrong, max-softmax right');
    expect(describeFilters({ ...NO_FILTERS, exit: 4 }, ['stage1'], name)).toBe('left at exit 4');
  });
});
