import { describe, expect, it } from 'vitest';
import type { ExitStats } from '@api/models';
import { ACCURACY_RAMP } from '../charts/palette';
import { accuracyLegend, exitHeatmap } from './exit-heatmap';

const name = (c: number) => ['zero', 'one', 'two'][c] ?? String(c);
// Two exits, three classes: class 2 never leaves early; the final exit gets class 1 half wrong.
const stats: ExitStats = {
  cells: [
    [{ n: 40, correct: 40 }, { n: 10, correct: 9 }, { n: 0, correct: 0 }],
    [{ n: 1, correct: 1 }, { n: 4, correct: 2 }, { n: 30, correct: 29 }],
  ],
  confusions: [[], []],
  softmaxThreshold: 0.9,
};

describe('exit heatmap', () => {
  it('rows are true classes, columns exits, each cell its count coloured by accuracy', () => {
    const map = exitHeatmap(stats, ['stage1', 'final'], name, false);
    expect(map.exits).toEqual(['stage1', 'final']);
    expect(map.rows.map((r) => r.name)).toEqual(['zero', 'one', 'two']);
    const one = map.rows[1].cells;
    expect(one.map((c) => [c.exit, c.label, c.text])).toEqual([
      [0, 1, '10'],
      [1, 1, '4'],
    ]);
    expect(one[0].fill).toBe(ACCURACY_RAMP.light[2].fill); // 90 %
    expect(one[1].fill).toBe(ACCURACY_RAMP.light[4].fill); // 50 %
    expect(one[1].title).toBe('class one at final: 2 of 4 test images right (50.0%)');
    expect(map.rows[0].cells[1].title).toBe('class zero at final: 1 of 1 test image right (100.0%)');
  });

  it('leaves a cell no image reached blank and uncoloured', () => {
    const empty = exitHeatmap(stats, ['stage1', 'final'], name, true).rows[2].cells[0];
    expect(empty).toMatchObject({ n: 0, text: '', fill: null, ink: null, title: 'class two at stage1: no test image left here' });
  });

  it('follows the theme, and totals each exit', () => {
    const map = exitHeatmap(stats, ['stage1', 'final'], name, true);
    expect(map.rows[0].cells[0].fill).toBe(ACCURACY_RAMP.dark[0].fill);
    expect(map.totals).toEqual([
      { text: '50', title: 'stage1: 49 of 50 test images right (98.0%)' },
      { text: '35', title: 'final: 32 of 35 test images right (91.4%)' },
    ]);
  });

  it('names an exit the run does not list by its index, and survives a run without exits', () => {
    expect(exitHeatmap(stats, ['stage1'], name, false).exits).toEqual(['stage1', 'exit 1']);
    expect(exitHeatmap({ cells: [], confusions: [], softmaxThreshold: null }, [], name, false)).toEqual({ exits: [], rows: [], totals: [] });
  });

  it('labels the legend best first, bounds meeting', () => {
    expect(accuracyLegend(false).map((s) => s.label)).toEqual(['≥ 99%', '95–99%', '90–95%', '80–90%', '50–80%', '< 50%']);
    expect(accuracyLegend(true)[5].fill).toBe(ACCURACY_RAMP.dark[5].fill);
  });
});
