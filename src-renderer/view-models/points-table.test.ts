import { describe, expect, it } from 'vitest';
import type { FrontierPoint } from '@api/models';
import { pointsTable } from './points-table';
import { pt } from './frontier-points.fixture';

describe('points table', () => {
  const learned: FrontierPoint = { ...pt('leenet', 0.5, 0.6, 0.72), runtime: { earlyMsPerImage: 1, fullMsPerImage: 2, speedup: 2, images: 64 } };
  const rule = pt('max-softmax', 0.5, 0.61, 0.7);

  it('names who beats a point and drops columns nobody fills', () => {
    const view = pointsTable([learned, rule], ['stem', 'final'], new Map([[learned, rule]]), 'leenet');
    expect(view.columns).toEqual(['policy', 'setting', 'accuracy', 'cost', 'speedup', 'measured speedup (batch 64 / 1)', 'beaten on both axes by']);
    expect(view.rows[0].cells.at(-1)).toBe('max-softmax τ=0.500 (61.00% at 70.00%)');
    expect(view.rows[0]).toMatchObject({ beaten: true });
    expect(view.rows[0].cells[0]).toBe('learned gates (LEENet loss)');
    expect(view.rows[0].titles[5]).toBe('1.000 vs 2.000 ms/image on 64 images');
    expect(view.hidden).toEqual([]);
  });

  it('without measured runtimes or beaten points, those columns go and the table says so', () => {
    const view = pointsTable([rule, pt('entropy', 0.3, 0.5, 0.9)], ['stem', 'final'], new Map());
    expect(view.columns).toEqual(['policy', 'setting', 'accuracy', 'cost', 'speedup']);
    expect(view.hidden).toEqual(['measured speedup (batch 64 / 1)', 'beaten on both axes by']);
    expect(view.rows[0].cells).toHaveLength(5);
  });
});
