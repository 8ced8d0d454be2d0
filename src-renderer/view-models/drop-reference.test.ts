import { describe, expect, it } from 'vitest';
import { dialReference, dropReference, dropText, speedupWinner, speedupWithinDrop } from './drop-reference';
import { pt } from './frontier-points.fixture';

// A briefly trained backbone: its own classifier (exit 2, `final`) is worse than the exit before it.
const run = [pt('fixed', 0, 0.33, 0.03), pt('fixed', 1, 0.69, 0.7), pt('fixed', 2, 0.21, 1.01), pt('fixed', 1, 0.72, 0.7, 'val'), pt('leenet', 0, 0.68, 0.64), pt('max-softmax', 0.5, 0.6, 0.5)];
const names = ['stem', 'stage3', 'final'];

describe('drop reference', () => {
  it('is the backbone’s own classifier (the last fixed exit) or the most accurate exit on test', () => {
    expect(dropReference(run, names, 'backbone')).toEqual({ kind: 'backbone', exit: 'final', test: 0.21, validation: null, label: "the backbone's own classifier (final)" });
    expect(dropReference(run, names, 'best-exit')).toEqual({ kind: 'best-exit', exit: 'stage3', test: 0.69, validation: 0.72, label: 'the best exit (stage3)' });
    expect(dropReference([pt('leenet', 0, 0.5, 0.5)], names, 'backbone')).toBeNull();
  });

  it('takes the cheaper exit when two are equally accurate', () => {
    expect(dropReference([pt('fixed', 0, 0.7, 0.3), pt('fixed', 1, 0.7, 1)], names, 'best-exit')?.exit).toBe('stem');
  });

  it('recomputes the speedup within each drop against the reference it is given', () => {
    const vsBackbone = speedupWithinDrop(run, 0.21, [0.005, 0.01]);
    // Against 21 %, every policy's fastest point qualifies.
    expect(vsBackbone.find((r) => r.policy === 'fixed')?.values).toEqual([1 / 0.03, 1 / 0.03]);
    const vsBest = speedupWithinDrop(run, 0.69, [0.005, 0.01]);
    expect(vsBest.map((r) => [r.policy, r.values])).toEqual([
      ['leenet', [null, 1 / 0.64]],
      ['max-softmax', [null, null]],
      ['fixed', [1 / 0.7, 1 / 0.7]],
    ]);
  });

  it('a recomputed speedup wins its column only by more than 1 %', () => {
    expect(speedupWinner([{ policy: 'leenet', value: 2 }, { policy: 'entropy', value: 1.5 }])).toBe('leenet');
    expect(speedupWinner([{ policy: 'leenet', value: 2 }, { policy: 'entropy', value: 1.99 }])).toBeNull();
    expect(speedupWinner([{ policy: 'leenet', value: null }, { policy: 'entropy', value: 1.2 }])).toBe('entropy');
    expect(speedupWinner([{ policy: 'leenet', value: null }])).toBeNull();
  });

  it('says how far an accuracy is from the reference, and the dial follows the chosen one', () => {
    const best = dropReference(run, names, 'best-exit')!;
    expect(dropText(0.68, best)).toBe('1.00 pt below the best exit (stage3)');
    expect(dropText(0.7, best)).toBe('1.00 pt above the best exit (stage3)');
    expect(dropText(0.69, best)).toBe('level with the best exit (stage3)');
    const engine = { validation: 0.2, test: 0.21 };
    expect(dialReference(engine, dropReference(run, names, 'backbone'))).toEqual({ ...engine, label: "the backbone's own classifier (final)" });
    expect(dialReference(engine, best)).toEqual({ validation: 0.72, test: 0.69, label: 'the best exit (stage3)' });
    expect(dialReference(engine, null).label).toBe("the backbone's own classifier");
  });
});
