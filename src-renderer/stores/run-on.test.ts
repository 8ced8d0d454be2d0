// @vitest-environment happy-dom
import { DEFAULT_SPLIT } from '@api/queue-split';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '@api/client';
import { dispatchRequest, type Handlers } from '@api/dispatch';
import { RequestError } from '@api/envelope';
import type { QueueStatus } from '@api/models';
import { parseQueueUrl, queueKey, redactQueueUrl } from '@api/queue-url';
import { provideApi } from '../api/instance';
import { useRunOnStore } from './run-on';

const KEY = 'leenet.run-on.v1';
let asked: string[];
let answers: ((status: QueueStatus) => void)[];
/** The host's saved passwords, by queue place; and the URLs it was asked to forget. */
let saved: Record<string, string>;
let forgotten: string[];

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
  asked = [];
  answers = [];
  saved = {};
  forgotten = [];
  const handlers = {
    // As the host does it (queue-passwords.ts): the password stays there, the window gets the URL with it hidden.
    'queue:remember': async ({ url }: { url: string }) => {
      if (url.includes('full-disk')) throw new RequestError('The passwords file could not be written: ENOSPC.');
      const target = parseQueueUrl(url);
      if (!target.ok) throw new RequestError(target.error);
      if (target.target.password) saved[queueKey(url)] = target.target.password;
      return { url: redactQueueUrl(url) };
    },
    'queue:forget': async ({ url }: { url: string }) => {
      forgotten.push(url);
      return { forgotten: true };
    },
    'queue:status': ({ url }: { url: string }) => {
      asked.push(url);
      if (url.includes('refused')) return Promise.reject(new RequestError('The host cannot reach queues.'));
      return new Promise<QueueStatus>((resolve) => answers.push(resolve));
    },
  } as Partial<Handlers> as Handlers;
  provideApi(createApi({ invoke: (channel, params) => dispatchRequest(handlers, channel, params), subscribe: () => () => undefined }));
});

const settle = () => new Promise((r) => setTimeout(r, 0));
const up: QueueStatus = { url: 'redis://:***@gpu:6379', reachable: true, workers: 1, waiting: 0, active: 0, message: '1 worker; 0 sweeps running, 0 waiting.' };

describe('run-on store', () => {
  it('adds a queue, chooses it, checks it, and keeps it across restarts, its password with the host alone', async () => {
    const store = useRunOnStore();
    expect(await store.add('gpu:6379')).toMatch(/starts with redis:\/\//);
    expect(store.choice).toBeNull();
    expect(await store.add('redis://:pw@gpu')).toBeNull();
    expect(saved).toEqual({ 'redis://gpu:6379': 'pw' });
    expect([store.choice, store.queueUrl]).toEqual(['redis://gpu:6379', 'redis://:***@gpu:6379']);
    expect(store.checking).toEqual(['redis://gpu:6379']);
    await settle();
    expect(asked).toEqual(['redis://:***@gpu:6379']);
    answers[0](up);
    await settle();
    expect([store.checking, store.statuses['redis://gpu:6379']]).toEqual([[], up]);
    expect(localStorage.getItem(KEY)).not.toContain('pw@');

    setActivePinia(createPinia());
    const restarted = useRunOnStore();
    expect([restarted.choice, restarted.queueUrl]).toEqual(['redis://gpu:6379', 'redis://:***@gpu:6379']);
    expect(restarted.options.map((o) => o.label)).toEqual(['This machine', 'redis://:***@gpu:6379']);
  });

  it("says why the host could not keep a queue's password, and adds nothing", async () => {
    const store = useRunOnStore();
    expect(await store.add('redis://:pw@full-disk:6379')).toBe('The passwords file could not be written: ENOSPC.');
    expect([store.choice, store.settings.queues]).toEqual([null, []]);
  });

  it('moves the passwords of a list kept in the window before to the host', async () => {
    localStorage.setItem(KEY, JSON.stringify({ queues: ['redis://:old@gpu', 'redis://cpu'], choice: 'redis://gpu:6379' }));
    const store = useRunOnStore();
    await settle();
    expect(saved).toEqual({ 'redis://gpu:6379': 'old' });
    expect(store.settings.queues).toEqual(['redis://:***@gpu:6379', 'redis://cpu']);
    expect(store.queueUrl).toBe('redis://:***@gpu:6379');
    await settle();
    expect(localStorage.getItem(KEY)).not.toContain('old');
  });

  it('goes back to this machine when the chosen queue is removed, and forgets it (and its password) after a restart', async () => {
    const store = useRunOnStore();
    await store.add('redis://gpu');
    await store.add('redis://:pw@cpu');
    store.choose('redis://gpu:6379');
    store.remove('redis://cpu:6379');
    expect(store.choice).toBe('redis://gpu:6379');
    expect(forgotten).toEqual(['redis://:***@cpu:6379']);
    store.remove('redis://gpu:6379');
    expect([store.choice, store.queueUrl]).toEqual([null, null]);
    setActivePinia(createPinia());
    expect(useRunOnStore().options).toEqual([{ value: '', label: 'This machine' }]);
  });

  it('drops a stored queue that is no URL any more and starts without a choice it cannot honour', () => {
    localStorage.setItem(KEY, JSON.stringify({ queues: ['redis://gpu', 'gpu-box:6379'], choice: 'gpu-box:6379' }));
    const store = useRunOnStore();
    expect(store.settings).toEqual({ queues: ['redis://gpu'], choice: null, split: DEFAULT_SPLIT });
    localStorage.setItem(KEY, '{not json');
    setActivePinia(createPinia());
    expect(useRunOnStore().settings).toEqual({ queues: [], choice: null, split: DEFAULT_SPLIT });
  });

  it('checks a chosen queue once per window, asks no second time while the first is out, and shows a refusal as a status', async () => {
    localStorage.setItem(KEY, JSON.stringify({ queues: ['redis://gpu', 'redis://refused'], choice: 'redis://gpu:6379' }));
    const store = useRunOnStore();
    store.checkChoice();
    store.checkChoice();
    void store.check('redis://gpu');
    await settle();
    expect(asked).toEqual(['redis://gpu']);
    answers[0](up);
    await settle();
    store.choose('redis://gpu:6379');
    store.choose('redis://refused:6379');
    await settle();
    expect(asked).toEqual(['redis://gpu', 'redis://refused']);
    expect(store.statuses['redis://refused:6379']).toMatchObject({ reachable: false, message: 'The host cannot reach queues.' });
  });
});
