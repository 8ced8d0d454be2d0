import { describe, expect, it } from 'vitest';
import { sampleRecords } from './run-fixtures';
import { compactSampleRecords, sampleRecordsFault } from './sample-records';

describe('per-sample records', () => {
  it('consistent records have no fault, with or without gate scores', () => {
    expect(sampleRecordsFault(sampleRecords())).toBeNull();
    expect(sampleRecordsFault({ ...sampleRecords(), gateScores: null })).toBeNull();
  });

  it.each([
    ['a missing column', (r: Record<string, unknown>) => delete r.label, 'label does not hold 4 class numbers'],
    ['NaN confidence', (r: ReturnType<typeof sampleRecords>) => (r.exits[1].confidence[2] = NaN), 'exit final: confidence does not hold 4 finite numbers'],
    ['an exit index past the last exit', (r: ReturnType<typeof sampleRecords>) => (r.exitTaken[0][0] = 2), 'exitTaken for α index 0 does not hold 4 exit indices below 2'],
    ['gates for the final exit too', (r: ReturnType<typeof sampleRecords>) => r.gateScores![1].push([0, 0, 0, 0]), 'gateScores for α index 1 does not hold 1 early exits × 4 finite numbers'],
    ['another split', (r: Record<string, unknown>) => (r.split = 'val'), 'split is "val", expected "test"'],
  ])('names the fault: %s', (_, spoil, fault) => {
    const r = sampleRecords();
    spoil(r as never);
    expect(sampleRecordsFault(r)).toBe(fault);
  });

  it('rounds probabilities to 4 decimals and leaves the input alone', () => {
    const r = sampleRecords();
    r.exits[0].confidence[1] = 0.87654321;
    r.gateScores![0][0][3] = 1e-7;
    const c = compactSampleRecords(r);
    expect(c.exits[0].confidence[1]).toBe(0.8765);
    expect(c.gateScores![0][0][3]).toBe(0);
    expect(r.exits[0].confidence[1]).toBe(0.87654321);
    expect(c.index).toEqual(r.index);
  });
});
