import { describe, expect, it } from 'vitest';
import { budgetTable, describePoint, frontierSeries, learnedLabel, tooltipLine } from './frontier-data';
import { enveloped, points, pt } from './frontier-points.fixture';

describe('frontier data', () => {
  it('groups test points by policy, sorted along the chosen axis, accuracy in percent', () => {
    const s = frontierSeries(points, 'cost');
    expect(s.map((x) => x.policy)).toEqual(['leenet', 'max-softmax', 'fixed', 'oracle']);
    expect(s[0].points.map((p) => p.x)).toEqual([0.45, 0.8]);
    expect(s[0].points[0].y).toBeCloseTo(98.3);
    expect(frontierSeries(points, 'speedup')[0].points.map((p) => p.point.param)).toEqual([0, 0.5]);
    expect(s.find((x) => x.policy === 'fixed')?.line).toBe(false);
  });

  it('tabulates accuracy under cost budgets and speedup under accuracy budgets', () => {
    const leenet = budgetTable(points).find((r) => r.policy === 'leenet')!;
    expect(leenet.accuracyAtCost).toEqual([null, 0.983, 0.983, 0.992]);
    // Reference 0.99 (last fixed exit): within 0.5 point only α=0 (1.25×); within 1 point α=0.5 too (2.22×).
    expect(leenet.speedupAtDrop[0]).toBeCloseTo(1.25);
    expect(leenet.speedupAtDrop[1]).toBeCloseTo(1 / 0.45);
    expect(budgetTable(points).some((r) => r.policy === 'oracle')).toBe(false);
  });
});

describe('the learned envelope', () => {
  it('joins the envelope’s test points, keeps the α points apart and labelled, and names the gate target', () => {
    const s = frontierSeries(enveloped, 'cost', { gateTarget: 'correct' });
    expect(s.map((x) => [x.policy, x.role])).toEqual([
      ['leenet', 'frontier'],
      ['leenet', 'alphas'],
      ['max-softmax', 'frontier'],
      ['fixed', 'frontier'],
    ]);
    const [envelope, alphas] = s;
    expect(envelope).toMatchObject({ label: 'learned gates (P(correct))', line: true, alphaLabels: false });
    expect(envelope.points.map((p) => p.x)).toEqual([0.3, 0.45, 0.7]);
    expect(alphas).toMatchObject({ line: false, alphaLabels: true });
    expect(alphas.points.map((p) => p.point.param)).toEqual([0.5, 0]);
  });

  it('draws every threshold point only when asked, never joined', () => {
    expect(frontierSeries(enveloped, 'cost').some((x) => x.role === 'thresholds')).toBe(false);
    const thresholds = frontierSeries(enveloped, 'cost', { thresholds: true }).find((x) => x.role === 'thresholds')!;
    expect(thresholds.line).toBe(false);
    expect(thresholds.points.map((p) => p.point.threshold)).toEqual([0.31, 0.6, 0.72]);
  });

  it('an older run without envelope flags draws its α points joined, as before, named by the LEENet loss', () => {
    const s = frontierSeries(points, 'cost', { gateTarget: undefined });
    expect(s[0]).toMatchObject({ role: 'frontier', label: 'learned gates (LEENet loss)', line: true, alphaLabels: true });
    expect(learnedLabel('leenet')).toBe('learned gates (LEENet loss)');
    expect(learnedLabel('safe')).toBe('learned gates (P(safe))');
  });

  it('a stopped run with threshold points but no envelope yet joins only its α points', () => {
    const partial = enveloped.map(({ envelope: _envelope, ...p }) => p);
    const s = frontierSeries(partial, 'cost');
    expect(s[0].points.map((p) => p.point.param)).toEqual([0.5, 0]);
    expect(s.filter((x) => x.policy === 'leenet')).toHaveLength(1);
  });

  it('tooltips name α and threshold for learned points, and the exit and its head accuracy for fixed ones', () => {
    const names = ['stage1', 'final'];
    expect(describePoint(enveloped[4], names)).toBe('α=0.5, threshold 0.310');
    expect(tooltipLine('learned gates (P(correct))', enveloped[3], names)).toBe('learned gates (P(correct)) α=0.5, threshold 0.500: 98.30% at 45.0% cost (2.22×)');
    expect(tooltipLine('fixed exits', enveloped[0], names)).toBe('stage1: head accuracy 90.00% at 40.0% cost (2.50×)');
    expect(describePoint(pt('leenet', 1, 0.9, 0.2), names)).toBe('α=1');
  });

  it('the fallback budget table judges a policy with an envelope on it, not on every threshold point', () => {
    const leenet = budgetTable(enveloped).find((r) => r.policy === 'leenet')!;
    // Envelope: 0.95 @ 0.3, 0.983 @ 0.45, 0.99 @ 0.7 (α=0 at 0.992 is off it).
    expect(leenet.accuracyAtCost).toEqual([null, 0.983, 0.99, 0.99]);
  });
});
