import { describe, expect, it } from 'vitest';
import { alphaRange, MAX_ALPHAS } from './alpha-range';
import { sweepConfigSchema } from './config';

describe('alphaRange', () => {
  it('includes stop and rounds away float noise', () => {
    expect(alphaRange(0, 1, 0.1)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(alphaRange(0.3, 0.3, 0.1)).toEqual([0.3]);
  });

  it('says why a range is not one', () => {
    expect(alphaRange(0, 1, 0)).toEqual({ error: 'Step must be greater than 0.' });
    expect(alphaRange(1, 0, 0.1)).toEqual({ error: 'Stop must not be below start.' });
    expect(alphaRange(0, 1, 0.001)).toEqual({ error: `That range has 1001 values; at most ${MAX_ALPHAS}.` });
  });

  it('allows exactly as many values as the schema', () => {
    const most = alphaRange(0, 1, 0.01) as number[];
    expect(most).toHaveLength(MAX_ALPHAS);
    expect(sweepConfigSchema.safeParse({ dataset: 'mnist', backbone: 'mnist-small', alphas: most }).success).toBe(true);
    expect(sweepConfigSchema.safeParse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [...most, 1] }).success).toBe(false);
  });
});
