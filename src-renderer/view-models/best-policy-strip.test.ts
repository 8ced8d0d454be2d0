import { describe, expect, it } from 'vitest';
import { bestPolicySegments, describeSegment } from './best-policy-strip';
import { envelope, type PolicyEnvelope } from './frontier-envelope';
import { pt } from './frontier-points.fixture';
import type { FrontierPoint } from '@api/models';

const env = (policy: FrontierPoint['policy'], ...ps: [number, number][]): PolicyEnvelope => ({ policy, corners: envelope(ps.map(([acc, cost]) => pt(policy, 0, acc, cost))) });
const edge = { cost: 1, speedup: 1 };
const brief = (segs: ReturnType<typeof bestPolicySegments>) => segs.map((s) => [s.policy, s.from.cost, s.to.cost]);

describe('best-policy strip', () => {
  it('one segment per budget interval between envelope corners, coloured by the highest envelope there', () => {
    const learned = env('leenet', [0.5, 0.2], [0.7, 0.6]);
    const rule = env('max-softmax', [0.55, 0.3], [0.65, 0.5], [0.72, 0.8]);
    expect(brief(bestPolicySegments([learned, rule], edge, null))).toEqual([
      ['leenet', 0.2, 0.3],
      // The same winner on both sides of its own step at 0.5, at another accuracy: two segments, one colour.
      ['max-softmax', 0.3, 0.5],
      ['max-softmax', 0.5, 0.6],
      ['leenet', 0.6, 0.8],
      ['max-softmax', 0.8, 1],
    ]);
  });

  it('joins neighbouring intervals whose standings do not change, and leaves budgets no policy can meet uncovered', () => {
    const a = env('entropy', [0.6, 0.4], [0.7, 0.7]);
    const b = env('patience', [0.5, 0.5]);
    // 0.5 is b's corner but entropy leads b by 0.1 on both sides of it… the runner-up changes at 0.5, so two segments.
    const segs = bestPolicySegments([a, b], edge, null);
    expect(brief(segs)).toEqual([
      ['entropy', 0.4, 0.5],
      ['entropy', 0.5, 0.7],
      ['entropy', 0.7, 1],
    ]);
    expect(segs[0].runnerUp).toBeNull();
    expect(segs[1].runnerUp).toEqual({ policy: 'patience', accuracy: 0.5 });
    // A third policy's corner that changes neither the winner nor the runner-up splits nothing.
    const c = env('fixed', [0.1, 0.45]);
    expect(brief(bestPolicySegments([a, c], edge, null))).toEqual([
      ['entropy', 0.4, 0.45],
      ['entropy', 0.45, 0.7],
      ['entropy', 0.7, 1],
    ]);
  });

  it('breaks a tie by who reached the accuracy at lower cost, then by the simpler rule', () => {
    const learned = env('leenet', [0.6, 0.2]);
    const rule = env('max-softmax', [0.6, 0.3]);
    expect(brief(bestPolicySegments([rule, learned], edge, null))).toEqual([
      ['leenet', 0.2, 0.3],
      ['leenet', 0.3, 1],
    ]);
    const same = env('max-softmax', [0.6, 0.2]);
    expect(bestPolicySegments([learned, same], edge, null).map((s) => s.policy)).toEqual(['max-softmax']);
  });

  it('marks a lead within the winner’s standard error on the test set, never without a test size', () => {
    const a = env('leenet', [0.8, 0.2]);
    const b = env('entropy', [0.79, 0.2]);
    // SE of 0.8 on 1,000 images: 1.26 points, more than the 1-point lead; on 100,000 images 0.13 points, less.
    expect(bestPolicySegments([a, b], edge, 1000)[0].withinNoise).toBe(true);
    expect(bestPolicySegments([a, b], edge, 100_000)[0].withinNoise).toBe(false);
    expect(bestPolicySegments([a, b], edge, null)[0].withinNoise).toBe(false);
  });

  it('says in its tooltip the budgets, the winner and its lead', () => {
    const [s] = bestPolicySegments([env('leenet', [0.8, 0.2]), env('entropy', [0.79, 0.2])], { cost: 0.5, speedup: 2 }, 1000);
    expect(describeSegment(s, (p) => p)).toBe('cost 20.0%–50.0% (5.00–2.00×): leenet best, 80.00%, 1.00 pt ahead of entropy (79.00%) — within 1 standard error, so not a clear win');
    expect(bestPolicySegments([], edge, null)).toEqual([]);
  });
});
