import { describe, expect, it } from 'vitest';
import { confusionGroups } from './confusion-list';

const name = (c: number) => ['zero', 'one', 'two'][c] ?? String(c);

describe('confusion list', () => {
  it('groups each exit’s mistakes under its name, in the host’s order, with class names', () => {
    const groups = confusionGroups(
      {
        cells: [],
        confusions: [
          [
            { label: 2, prediction: 1, count: 3 },
            { label: 0, prediction: 2, count: 1 },
          ],
          [],
        ],
        softmaxThreshold: null,
      },
      ['stage1', 'final'],
      name,
    );
    expect(groups.map((g) => [g.exit, g.name, g.pairs.length])).toEqual([
      [0, 'stage1', 2],
      [1, 'final', 0],
    ]);
    expect(groups[0].pairs[0]).toEqual({ exit: 0, label: 2, prediction: 1, count: 3, text: 'two → one', title: '3 test images of class two left at stage1 predicted one' });
    expect(groups[0].pairs[1].title).toBe('1 test image of class zero left at stage1 predicted two');
  });
});
