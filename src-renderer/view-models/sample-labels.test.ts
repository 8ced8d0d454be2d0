import { describe, expect, it } from 'vitest';
import type { FrontierPoint, SampleRow } from '@api/models';
import { alphaOptions, classLabeller, detailRows, gateText, tileLabels, versusNote } from './sample-labels';

const name = classLabeller(['zero', 'one']);
const row: SampleRow = {
  index: 7,
  label: 1,
  exitTaken: 0,
  prediction: 0,
  confidence: 0.934,
  correct: false,
  gate: 0.815,
  perExit: [
    { prediction: 0, confidence: 0.934, gate: 0.815 },
    { prediction: 1, confidence: 0.9912, gate: null },
  ],
};

describe('sample labels', () => {
  it('names classes, falling back to their number', () => {
    expect([name(1), name(5)]).toEqual(['one', '5']);
    expect([gateText(0.815), gateText(null)]).toEqual(['0.81', '—']);
  });

  it('label a tile with its true and predicted class, the exit taken and its gate', () => {
    expect(tileLabels(row, ['stage1', 'final'], name)).toEqual({ truth: 'true: one', predicted: 'pred: zero', exit: 'stage1', scores: '93% · gate 0.81' });
    expect(tileLabels({ ...row, exitTaken: 1, gate: null }, ['stage1', 'final'], name)).toMatchObject({ exit: 'final', scores: '93% · no gate' });
  });

  it('give the dialog one row per exit with the tile’s class labels, the exit taken marked', () => {
    const rows = detailRows(row, ['stage1', 'final'], name);
    expect(rows).toEqual([
      { exit: 'stage1', prediction: 'zero', confidence: '93.4%', gate: '0.81', taken: true, right: false },
      { exit: 'final', prediction: 'one', confidence: '99.1%', gate: '—', taken: false, right: true },
    ]);
    expect(rows[0].prediction).toBe(tileLabels(row, ['stage1', 'final'], name).predicted.replace('pred: ', ''));
  });

  it('offer each finished α with its own test point, not a threshold-sweep point', () => {
    const p = (param: number, accuracy: number, extra: Partial<FrontierPoint> = {}) => ({ policy: 'leenet', split: 'test', param, accuracy, cost: 0.42, ...extra }) as FrontierPoint;
    const options = alphaOptions({ alphasDone: [0, 0.5], points: [p(0, 0.5, { curve: true }), p(0, 0.971), p(0.5, 0.9, { split: 'val' })] });
    expect(options).toEqual([
      { value: 0, label: 'α=0 · 97.1% at 42% cost' },
      { value: 1, label: 'α=0.5' },
    ]);
  });

  it('say which max-softmax the versus filters compare with', () => {
    expect(versusNote(0.873, 0.3)).toBe('Compared with max-softmax at threshold 0.87, the one whose mean compute matches α=0.3 on test.');
    expect(versusNote(null, 0.3)).toMatch(/No max-softmax/);
  });
});
