import type { SampleSort } from '@api/models';
import type { RequestParams } from '@api/requests';

export type CorrectFilter = 'all' | 'correct' | 'incorrect';
/** Against max-softmax at the same compute: either side, or only where the learned policy is wrong / right and it is not. */
export type VersusFilter = 'any' | 'learned-wrong' | 'learned-right';

/** What the exit browser's grid shows of one α's test images; null means "any". */
export interface SampleFilters {
  /** The exit the sample left at. */
  exit: number | null;
  /** Its true class. */
  label: number | null;
  /** The class the exit taken predicted. */
  predicted: number | null;
  correct: CorrectFilter;
  versus: VersusFilter;
  sort: SampleSort;
}

export const NO_FILTERS: Readonly<SampleFilters> = { exit: null, label: null, predicted: null, correct: 'all', versus: 'any', sort: 'index' };

export type SampleFilterParams = Omit<RequestParams<'runs:samples'>, 'runId' | 'alphaIndex' | 'offset' | 'limit'>;

/** The `runs:samples` parameters of these filters: a filter at "any" is left out, the sort always sent. */
export function sampleFilterParams(f: SampleFilters): SampleFilterParams {
  return {
    ...(f.exit === null ? {} : { exit: f.exit }),
    ...(f.label === null ? {} : { label: f.label }),
    ...(f.predicted === null ? {} : { predicted: f.predicted }),
    ...(f.correct === 'all' ? {} : { correct: f.correct === 'correct' }),
    ...(f.versus === 'any' ? {} : { versus: f.versus }),
    sort: f.sort,
  };
}

/** Whether anything but the sort narrows the grid (the sort is a view, not a filter, so "clear" keeps it). */
export function isFiltered(f: SampleFilters): boolean {
  return f.exit !== null || f.label !== null || f.predicted !== null || f.correct !== 'all' || f.versus !== 'any';
}

/**
 * The filters in one line, for the empty grid's message and the filter bar: `left at stage1 · true 7 · predicted 1 ·
 * incorrect`. Empty when nothing narrows the grid.
 */
export function describeFilters(f: SampleFilters, exitNames: readonly string[], className: (c: number) => string): string {
  const parts = [
    f.exit === null ? null : `left at ${exitNames[f.exit] ?? `exit ${f.exit}`}`,
    f.label === null ? null : `true ${className(f.label)}`,
    f.predicted === null ? null : `predicted ${className(f.predicted)}`,
    f.correct === 'all' ? null : f.correct,
    f.versus === 'learned-wrong' ? 'learned wrong, max-softmax right' : f.versus === 'learned-right' ? 'learned right, max-softmax wrong' : null,
  ];
  return parts.filter((p) => p !== null).join(' · ');
}
