import { describe, expect, it } from 'vitest';
import type { QueueStatus } from '@api/models';
import { DEFAULT_SPLIT } from '@api/queue-split';
import { addQueue, chooseRunOn, chosenQueueUrl, emptyRunOn, removeQueue, restoreRunOn, resumeDefault, resumeTarget, resumeTargetOn, runOnOptions, runsOnText, splitHint, startLabel, statusLine, THIS_MACHINE, type RunOnSettings } from './run-on';

function added(settings: RunOnSettings, text: string): RunOnSettings {
  const result = addQueue(settings, text);
  if (!result.ok) throw new Error(result.error);
  return result.settings;
}
const status = (patch: Partial<QueueStatus>): QueueStatus => ({ url: 'redis://gpu:6379', reachable: true, workers: 2, waiting: 1, active: 0, message: '2 workers; 0 sweeps running, 1 waiting.', ...patch });

describe('run on', () => {
  it('adds a queue, chooses it, and sends its full URL while showing it without the password', () => {
    const settings = added(emptyRunOn(), ' redis://:secret@gpu:6379 ');
    expect(settings).toEqual({ queues: ['redis://:secret@gpu:6379'], choice: 'redis://gpu:6379', split: DEFAULT_SPLIT });
    expect(chosenQueueUrl(settings)).toBe('redis://:secret@gpu:6379');
    expect(runOnOptions(settings)).toEqual([
      { value: '', label: 'This machine' },
      { value: 'redis://gpu:6379', label: 'redis://:***@gpu:6379' },
    ]);
    expect(JSON.stringify(runOnOptions(settings))).not.toContain('secret');
  });

  it('refuses a URL that is not a queue with the parser’s message, and changes nothing', () => {
    const result = addQueue(emptyRunOn(), 'http://gpu');
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/starts with redis:\/\//) });
  });

  it('lists a queue once: the same place again replaces its URL (new credentials) in place', () => {
    let settings = added(added(emptyRunOn(), 'redis://:old@gpu'), 'redis://cpu:6380');
    settings = added(settings, 'redis://lab:new@GPU:6379/0');
    expect(settings.queues).toEqual(['redis://lab:new@GPU:6379/0', 'redis://cpu:6380']);
    expect(settings.choice).toBe('redis://gpu:6379');
    expect(added(settings, 'redis://cpu:6380/1').queues).toHaveLength(3);
    expect(added(settings, 'rediss://cpu:6380').queues).toHaveLength(3);
  });

  it('falls back to this machine when the chosen queue is removed or unknown', () => {
    const two = added(added(emptyRunOn(), 'redis://gpu'), 'redis://cpu');
    expect(removeQueue(two, 'redis://gpu:6379')).toEqual({ queues: ['redis://cpu'], choice: 'redis://cpu:6379', split: DEFAULT_SPLIT });
    const gone = removeQueue(two, 'redis://cpu:6379');
    expect(gone).toEqual({ queues: ['redis://gpu'], choice: null, split: DEFAULT_SPLIT });
    expect(chosenQueueUrl(gone)).toBeNull();
    expect(chooseRunOn(two, 'redis://gpu:6379').choice).toBe('redis://gpu:6379');
    expect(chooseRunOn(two, 'redis://elsewhere:6379').choice).toBeNull();
    expect(chooseRunOn(two, null).choice).toBeNull();
  });

  it('restores what was stored and drops what is no queue any more, never throwing', () => {
    const stored = { queues: ['redis://gpu', 'ftp://old', 42, 'redis://:pw@gpu:6379', 'redis://cpu'], choice: 'redis://cpu:6379' };
    expect(restoreRunOn(JSON.stringify(stored))).toEqual({ queues: ['redis://:pw@gpu:6379', 'redis://cpu'], choice: 'redis://cpu:6379', split: DEFAULT_SPLIT });
    expect(restoreRunOn(JSON.stringify({ queues: ['redis://gpu'], choice: 'redis://removed:6379' }))).toEqual({ queues: ['redis://gpu'], choice: null, split: DEFAULT_SPLIT });
    for (const junk of [null, '', '{', '"redis://gpu"', 'null', '{"queues":"redis://gpu","choice":7}']) expect(restoreRunOn(junk)).toEqual(emptyRunOn());
  });

  it('keeps the split through adding, removing and choosing; restores a stored one, and the default for one that is not', () => {
    const split = { featureShards: 4, fanOutAlphas: false };
    const mine = added({ ...emptyRunOn(), split }, 'redis://gpu');
    expect(mine.split).toEqual(split);
    expect(removeQueue(mine, 'redis://gpu:6379').split).toEqual(split);
    expect(chooseRunOn(mine, null).split).toEqual(split);
    expect(restoreRunOn(JSON.stringify(mine))).toEqual(mine);
    for (const bad of [{ featureShards: 0, fanOutAlphas: true }, { featureShards: 2 }, 'four', null]) {
      expect(restoreRunOn(JSON.stringify({ ...mine, split: bad })).split).toEqual(DEFAULT_SPLIT);
    }
  });

  it('resumes a run on the saved queue it ran on (its full URL, whatever the choice), else on this machine, and says which', () => {
    const settings = chooseRunOn(added(added(emptyRunOn(), 'redis://:pw@gpu:6379'), 'redis://cpu'), null);
    expect(resumeTarget(settings, 'redis://:***@GPU:6379')).toEqual({ url: 'redis://:pw@gpu:6379', title: expect.stringMatching(/On the workers of redis:\/\/gpu:6379, where it ran; its folder goes along\.$/) });
    expect(resumeTarget(settings, null)).toEqual({ url: null, title: expect.stringMatching(/On this machine, where it ran\.$/) });
    const gone = resumeTarget(settings, 'redis://lab:6379');
    expect(gone).toEqual({ url: null, title: expect.stringMatching(/On this machine: it ran on redis:\/\/lab:6379, which is not under Run on any more/) });
  });

  it('resumes a run wherever the user picks: another saved queue, or this machine for one that ran on a queue', () => {
    const settings = added(added(emptyRunOn(), 'redis://:pw@gpu:6379'), 'redis://cpu');
    expect(resumeDefault(settings, 'redis://:***@gpu:6379')).toBe('redis://gpu:6379');
    expect(resumeDefault(settings, null)).toBe(THIS_MACHINE);
    expect(resumeTargetOn(settings, null, 'redis://cpu:6379')).toEqual({ url: 'redis://cpu', title: expect.stringMatching(/On the workers of redis:\/\/cpu:6379; its folder goes along\.$/) });
    expect(resumeTargetOn(settings, 'redis://gpu:6379', THIS_MACHINE)).toEqual({ url: null, title: expect.stringMatching(/On this machine \(it ran on redis:\/\/gpu:6379\)\.$/) });
    // A choice that names no saved queue any more (removed meanwhile) resumes here rather than nowhere.
    expect(resumeTargetOn(settings, null, 'redis://gone:6379').url).toBeNull();
  });

  it('says in the hint what a split asks of the workers', () => {
    expect(splitHint(DEFAULT_SPLIT)).toBe('One worker fills the feature pass; each α trains on a free worker once the heads exist.');
    expect(splitHint({ featureShards: 4, fanOutAlphas: false })).toBe('The feature pass is cut in 4 shards for free workers (their --cache-dir must be one shared path); every α trains on one worker.');
  });

  it('shows the chosen queue’s last status, or the typed one’s once checked, warning when no sweep would leave soon', () => {
    const checks = { statuses: { 'redis://gpu:6379': status({}) }, checking: ['redis://cpu:6379'] };
    expect(statusLine(checks, 'redis://gpu:6379', null)).toEqual({ text: '2 workers; 0 sweeps running, 1 waiting.', warning: false });
    expect(statusLine(checks, 'redis://gpu:6379', 'redis://new:6379')?.text).toBe('2 workers; 0 sweeps running, 1 waiting.');
    expect(statusLine(checks, 'redis://gpu:6379', 'redis://cpu:6379')).toEqual({ text: 'Checking redis://cpu:6379…', warning: false });
    expect(statusLine(checks, null, null)).toBeNull();
    expect(statusLine(checks, 'redis://never:6379', null)).toBeNull();
    const down = { statuses: { 'redis://cpu:6379': status({ reachable: false, workers: 0, message: 'Redis at cpu:6379 refused the connection.' }) }, checking: [] };
    expect(statusLine(down, 'redis://gpu:6379', 'redis://cpu:6379')).toEqual({ text: 'redis://cpu:6379: Redis at cpu:6379 refused the connection.', warning: true });
    const idle = { statuses: { 'redis://gpu:6379': status({ workers: 0 }) }, checking: [] };
    expect(statusLine(idle, 'redis://gpu:6379', null)?.warning).toBe(true);
  });

  it('says where Run sends the sweep and where a run ran', () => {
    expect(startLabel(null)).toBe('Run');
    expect(startLabel('redis://gpu:6379')).toBe('Submit to redis://gpu:6379');
    expect(runsOnText('redis://:***@gpu:6379')).toBe('on redis://:***@gpu:6379');
    expect(runsOnText('redis://:leaked@gpu:6379')).toBe('on redis://:***@gpu:6379');
    expect(runsOnText(null)).toBeNull();
    expect(runsOnText(undefined)).toBeNull();
  });
});
