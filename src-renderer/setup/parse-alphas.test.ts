import { describe, expect, it } from 'vitest';
import { parseAlphas } from './parse-alphas';

describe('parseAlphas', () => {
  it('reads commas, spaces and semicolons, and marks junk as NaN', () => {
    expect(parseAlphas('0, 0.5;1  .25')).toEqual([0, 0.5, 1, 0.25]);
    expect(parseAlphas('0, x, 1e3')).toEqual([0, Number.NaN, Number.NaN]);
    expect(parseAlphas('  ')).toEqual([]);
  });
});
