import { describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../engine/config';
import { isJobKind, jobIds, readJob } from './job-data';

const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', gateTarget: 'leenet', alphas: [0, 0.5, 1], limit: 300 });
const runId = '2026-12-01T10-00-00-mnist-small-ab12';
const sweep = { runId, config, resume: false, fanOutAlphas: true, featureShards: 2, step: 'shards', from: 'box /home/me/runs' };

/** What readJob says about `data`, or null when it parses. */
function refusal(kind: 'sweep' | 'alpha' | 'shard', data: unknown): string | null {
  try {
    readJob(kind, data);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('readJob', () => {
  it('parses good data of every kind, config defaults filled in', () => {
    expect(readJob('sweep', sweep)).toEqual(sweep);
    expect(readJob('alpha', { runId, config, alpha: 0.5 })).toEqual({ runId, config, alpha: 0.5 });
    expect(readJob('shard', { runId, config, shard: { index: 1, of: 2 } })).toEqual({ runId, config, shard: { index: 1, of: 2 } });
    // A submitter sends the config as JSON: what it left out comes back as the schema's defaults.
    const { head: _h, ...sparse } = config;
    expect(readJob('alpha', { runId, config: sparse, alpha: 0 }).config.head).toBe('linear');
  });

  it.each([
    ['sweep', 'no runId', { ...sweep, runId: undefined }, /^A sweep job that this worker cannot run: runId /],
    ['sweep', 'a runId that is a path', { ...sweep, runId: '../etc' }, /runId not a run id/],
    ['sweep', 'a config out of range', { ...sweep, config: { ...config, alphas: [2] } }, /config its sweep config is not valid here \(.*\): is this worker on an older leenet than the submitter\?/],
    ['sweep', 'a config that is not one', { ...sweep, config: 'mnist' }, /config its sweep config is not valid here/],
    ['sweep', 'an unknown step', { ...sweep, step: 'gates' }, /step /],
    ['sweep', '0 feature shards', { ...sweep, featureShards: 0 }, /featureShards /],
    ['sweep', '1.5 feature shards', { ...sweep, featureShards: 1.5 }, /featureShards /],
    ['sweep', 'resume as text', { ...sweep, resume: 'yes' }, /resume /],
    ['alpha', 'α as text', { runId, config, alpha: '0.5' }, /^A alpha job that this worker cannot run: alpha /],
    ['alpha', 'no α', { runId, config }, /alpha /],
    ['alpha', 'an α the config does not sweep', { runId, config, alpha: 0.3 }, /alpha 0\.3 is not one of the run's α values/],
    ['shard', 'a negative shard index', { runId, config, shard: { index: -1, of: 2 } }, /shard\.index /],
    ['shard', 'shard 2 of 2 (indices start at 0)', { runId, config, shard: { index: 2, of: 2 } }, /shard\.index 2 is out of range for 2 shards/],
    ['shard', 'shard 0 of 0', { runId, config, shard: { index: 0, of: 0 } }, /shard\.of /],
    ['shard', 'no shard', { runId, config }, /shard /],
  ] as const)('a %s job with %s → names the field', (kind, _what, data, says) => {
    expect(refusal(kind, data)).toMatch(says);
  });

  it('refuses what is not an object at all, saying so', () => {
    expect(refusal('sweep', null)).toMatch(/^A sweep job that this worker cannot run: data /);
    expect(refusal('shard', 'x')).toMatch(/data /);
  });

  it('lists every issue, not just the first', () => {
    expect(refusal('sweep', { ...sweep, runId: 'a/b', step: 'x' })).toMatch(/runId .*; step /);
  });
});

describe('job kinds and ids', () => {
  it('knows its kinds and nothing inherited from Object', () => {
    expect(['sweep', 'alpha', 'shard'].every(isJobKind)).toBe(true);
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'finish']) expect(isJobKind(name), name).toBe(false);
  });

  it('names child jobs after their parent', () => {
    expect(jobIds.alpha('r.1', 2)).toBe('r.1.alpha-2');
    expect(jobIds.shard('r.1', 0, 4)).toBe('r.1.shard-0-of-4');
  });
});
