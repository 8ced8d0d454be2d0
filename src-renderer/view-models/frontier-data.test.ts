import { describe, expect, it } from 'vitest';
import { beatenLine, budgetTable, describePoint, frontierSeries, learnedLabel, sweptPointCount, tooltipLine } from './frontier-data';
import { enveloped, points, pt } from './frontier-points.fixture';

const roles = (s: ReturnType<typeof frontierSeries>) => s.map((x) => `${x.policy} ${x.role}`);
const xy = (s: { points: { x: number; y: number }[] }) => s.points.map((p) => [p.x, Number(p.y.toFixed(6))]);

describe('frontier data', () => {
  it('draws each deployable policy as its staircase over its points, the oracle as its point, accuracy in percent', () => {
    const s = frontierSeries(points, 'cost');
    expect(roles(s)).toEqual(['leenet envelope', 'leenet frontier', 'max-softmax envelope', 'max-softmax frontier', 'fixed envelope', 'fixed frontier', 'oracle frontier']);
    // Learned gates without marks: their α points, 98.3 @ 0.45 then 99.2 @ 0.8, flat on to the costliest point (1.01).
    expect(xy(s[0])).toEqual([
      [0.45, 98.3],
      [0.8, 98.3],
      [0.8, 99.2],
      [1.01, 99.2],
    ]);
    expect(s[0]).toMatchObject({ line: true, alphaLabels: false, label: 'learned gates (LEENet loss)' });
    expect(s[1]).toMatchObject({ line: false, alphaLabels: true });
    expect(s[1].points.map((p) => p.x)).toEqual([0.45, 0.8]);
    expect(s.find((x) => x.policy === 'oracle')?.line).toBe(false);
  });

  it('on the speedup axis the same vertices sit at their points’ speedups', () => {
    const s = frontierSeries(points, 'speedup');
    expect(s[0].points.map((p) => p.x)).toEqual([1 / 0.45, 1 / 0.8, 1 / 0.8, 1 / 1.01]);
    expect(s[1].points.map((p) => p.point.param)).toEqual([0, 0.5]);
  });

  it('tabulates accuracy under cost budgets and speedup within a drop of the reference it is given', () => {
    const leenet = budgetTable(points, 0.99).find((r) => r.policy === 'leenet')!;
    expect(leenet.accuracyAtCost).toEqual([null, 0.983, 0.983, 0.992]);
    // Reference 0.99: within 0.5 point only α=0 (1.25×); within 1 point α=0.5 too (2.22×).
    expect(leenet.speedupAtDrop[0]).toBeCloseTo(1.25);
    expect(leenet.speedupAtDrop[1]).toBeCloseTo(1 / 0.45);
    expect(budgetTable(points, 0.99).some((r) => r.policy === 'oracle')).toBe(false);
    // Against a higher reference (0.999) only α=0 is within a point, nothing within half; without one, no figure.
    expect(budgetTable(points, 0.999).find((r) => r.policy === 'leenet')!.speedupAtDrop).toEqual([null, 1.25]);
    expect(budgetTable(points, null).find((r) => r.policy === 'leenet')!.speedupAtDrop).toEqual([null, null]);
  });
});

describe('the learned envelope', () => {
  it('draws the staircase over the validation-chosen points, the chosen points, and the α points apart and labelled', () => {
    const s = frontierSeries(enveloped, 'cost', { gateTarget: 'correct' });
    expect(roles(s)).toEqual(['leenet envelope', 'leenet frontier', 'leenet alphas', 'max-softmax envelope', 'max-softmax frontier', 'fixed envelope', 'fixed frontier']);
    const [stairs, chosen, alphas] = s;
    expect(stairs).toMatchObject({ label: 'learned gates (P(correct))', line: true });
    // 95 @ 0.3, 98.3 @ 0.45, 99 @ 0.7 (chosen on validation); α=0's 99.2 @ 0.8 is not chosen, so it is no corner.
    expect(xy(stairs)).toEqual([
      [0.3, 95],
      [0.45, 95],
      [0.45, 98.3],
      [0.7, 98.3],
      [0.7, 99],
      [1.01, 99],
    ]);
    expect(chosen).toMatchObject({ line: false, alphaLabels: false });
    expect(chosen.points.map((p) => p.x)).toEqual([0.3, 0.45, 0.7]);
    expect(alphas).toMatchObject({ line: false, alphaLabels: true });
    expect(alphas.points.map((p) => p.point.param)).toEqual([0.5, 0]);
  });

  it('draws every other swept point only when asked, never joined', () => {
    expect(frontierSeries(enveloped, 'cost').some((x) => x.role === 'thresholds')).toBe(false);
    const thresholds = frontierSeries(enveloped, 'cost', { thresholds: true }).filter((x) => x.role === 'thresholds');
    expect(thresholds.map((t) => [t.policy, t.line, t.points.map((p) => p.point.threshold)])).toEqual([['leenet', false, [0.6]]]);
    expect(sweptPointCount(enveloped)).toBe(1);
  });

  it('an older run without envelope flags draws its α points as the operating points, named by the LEENet loss', () => {
    const s = frontierSeries(points, 'cost', { gateTarget: undefined });
    expect(s[0]).toMatchObject({ role: 'envelope', label: 'learned gates (LEENet loss)' });
    expect(learnedLabel('leenet')).toBe('learned gates (LEENet loss)');
    expect(learnedLabel('safe')).toBe('learned gates (P(safe))');
  });

  it('a stopped run with threshold points but no envelope yet judges only its α points', () => {
    const partial = enveloped.map(({ envelope: _envelope, ...p }) => p);
    const s = frontierSeries(partial, 'cost', { thresholds: true });
    expect(s.find((x) => x.role === 'frontier')?.points.map((p) => p.point.param)).toEqual([0.5, 0]);
    expect(s.find((x) => x.role === 'thresholds')?.points.map((p) => p.point.threshold)).toEqual([0.31, 0.6, 0.72]);
  });

  it('tooltips name α and threshold for learned points, the exit and its head accuracy for fixed ones, and who beats a point', () => {
    const names = ['stage1', 'final'];
    expect(describePoint(enveloped[4], names)).toBe('α=0.5, threshold 0.310');
    expect(tooltipLine('learned gates (P(correct))', enveloped[3], names)).toBe('learned gates (P(correct)) α=0.5, threshold 0.500: 98.30% at 45.0% cost (2.22×)');
    expect(tooltipLine('fixed exits', enveloped[0], names)).toBe('stage1: head accuracy 90.00% at 40.0% cost (2.50×)');
    expect(describePoint(pt('leenet', 1, 0.9, 0.2), names)).toBe('α=1');
    expect(beatenLine(pt('max-softmax', 0.9, 0.98, 0.5), names)).toBe('beaten on both axes by max-softmax τ=0.900: 98.00% at 50.0% cost');
  });

  it('the fallback budget table judges a policy with an envelope on it, not on every threshold point', () => {
    const leenet = budgetTable(enveloped, 0.99).find((r) => r.policy === 'leenet')!;
    // Envelope: 0.95 @ 0.3, 0.983 @ 0.45, 0.99 @ 0.7 (α=0 at 0.992 is off it).
    expect(leenet.accuracyAtCost).toEqual([null, 0.983, 0.99, 0.99]);
  });
});
