import { describe, expect, it } from 'vitest';
import { sweepEtaSeconds, sweepPlan, type EnteredPhase } from './sweep-eta';

const ESTIMATE = { features: 10, heads: 20, gates: 60, runtime: 10 };
const at = (phase: EnteredPhase['phase'], seconds: number, seenStart = true): EnteredPhase => ({ phase, at: seconds * 1000, seenStart });

describe('sweep ETA', () => {
  it('lays the estimate out in the order the sweep runs, per seed, with a transfer step when there is one', () => {
    expect(sweepPlan(ESTIMATE, 1).map((p) => `${p.phase} ${p.seconds}`)).toEqual(['data 0', 'backbone 0', 'features 10', 'heads 20', 'evaluate 0', 'gates 70', 'save 0']);
    const two = sweepPlan({ ...ESTIMATE, transfer: 4 }, 2);
    expect(two.map((p) => `${p.phase} ${p.seconds}`)).toEqual([
      'data 0',
      'backbone 0',
      'features 10',
      'heads 4',
      'heads 10',
      'evaluate 0',
      'gates 40',
      'heads 10',
      'evaluate 0',
      'gates 30',
      'save 0',
    ]);
  });

  it('is nothing before the run has entered a phase', () => {
    expect(sweepEtaSeconds(sweepPlan(ESTIMATE, 1), { entered: [], done: 0, total: 0, phaseEta: null, now: 0 })).toBeNull();
  });

  it('adds the phases to come to the current one, at the estimate while there is no pace to measure', () => {
    const plan = sweepPlan(ESTIMATE, 1);
    const eta = sweepEtaSeconds(plan, { entered: [at('data', 0), at('backbone', 0.1), at('features', 0.2)], done: 0, total: 100, phaseEta: null, now: 200 });
    expect(eta).toBeCloseTo(10 + 20 + 70);
  });

  it('scales what is left by the pace measured so far: a run twice as slow as estimated takes twice as long', () => {
    const plan = sweepPlan(ESTIMATE, 1);
    // Features (10 s estimated) took 20 s; heads are half done after 20 s (10 s estimated): pace 2.
    const entered = [at('data', 0), at('backbone', 0), at('features', 0), at('heads', 20)];
    const eta = sweepEtaSeconds(plan, { entered, done: 50, total: 100, phaseEta: null, now: 40_000 });
    expect(eta).toBeCloseTo(2 * 10 + 2 * 70);
    // The engine's own ETA for the phase under way wins over the estimate's.
    expect(sweepEtaSeconds(plan, { entered, done: 50, total: 100, phaseEta: 7, now: 40_000 })).toBeCloseTo(7 + 2 * 70);
  });

  it('does not measure a pace on a phase it only joined under way', () => {
    const plan = sweepPlan(ESTIMATE, 1);
    const eta = sweepEtaSeconds(plan, { entered: [at('gates', 100, false)], done: 35, total: 70, phaseEta: null, now: 101_000 });
    expect(eta).toBeCloseTo(35);
  });

  it('keeps a wild pace within bounds, and counts down to 0 at the end', () => {
    const plan = sweepPlan(ESTIMATE, 1);
    const slow = sweepEtaSeconds(plan, { entered: [at('features', 0), at('heads', 10_000)], done: 0, total: 10, phaseEta: null, now: 10_000_000 });
    expect(slow).toBeCloseTo(10 * (20 + 70));
    const end = sweepEtaSeconds(plan, { entered: [at('features', 0), at('heads', 10), at('evaluate', 30), at('gates', 30), at('save', 100)], done: 1, total: 1, phaseEta: null, now: 100_500 });
    expect(end).toBe(0);
  });
});
