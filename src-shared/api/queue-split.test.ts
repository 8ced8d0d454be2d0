import { describe, expect, it } from 'vitest';
import { MAX_FEATURE_SHARDS, parseFeatureShards, queueSplitSchema, recordedSplit } from './queue-split';

describe('parseFeatureShards', () => {
  it('reads whole numbers in range, spaces and a plus sign allowed', () => {
    expect(parseFeatureShards(' 4 ')).toEqual({ ok: true, value: 4 });
    expect(parseFeatureShards('+1')).toEqual({ ok: true, value: 1 });
    expect(parseFeatureShards(String(MAX_FEATURE_SHARDS))).toEqual({ ok: true, value: MAX_FEATURE_SHARDS });
  });

  it.each([
    ['', /^Give a number of shards, between 1 and 256/],
    ['two', /^"two" is not a whole number of shards\.$/],
    ['2.5', /^"2\.5" is not a whole number/],
    ['0', /^Between 1 and 256 \(got 0\)\.$/],
    ['-3', /^Between 1 and 256 \(got -3\)\.$/],
    ['257', /^Between 1 and 256 \(got 257\)\.$/],
  ])('refuses %j with a message that says how to mend it', (text, says) => {
    const r = parseFeatureShards(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(says);
  });
});

describe('queueSplitSchema', () => {
  it('takes a split and refuses what a handler must not see', () => {
    expect(queueSplitSchema.parse({ featureShards: 3, fanOutAlphas: false })).toEqual({ featureShards: 3, fanOutAlphas: false });
    expect(queueSplitSchema.safeParse({ featureShards: 0, fanOutAlphas: true }).success).toBe(false);
    expect(queueSplitSchema.safeParse({ featureShards: 1.5, fanOutAlphas: true }).success).toBe(false);
    expect(queueSplitSchema.safeParse({ featureShards: 2, fanOutAlphas: true, extra: 1 }).success).toBe(false);
  });
});

describe('recordedSplit', () => {
  it("reads a run record's queue mark, and nothing from one without a whole split", () => {
    expect(recordedSplit({ featureShards: 4, fanOutAlphas: false, url: 'redis://x:6379', worker: 'w' } as never)).toEqual({ featureShards: 4, fanOutAlphas: false });
    expect(recordedSplit({ featureShards: 4 })).toBeUndefined();
    expect(recordedSplit({ featureShards: 0, fanOutAlphas: true })).toBeUndefined();
    expect(recordedSplit(undefined)).toBeUndefined();
  });
});
