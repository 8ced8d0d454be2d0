// @vitest-environment happy-dom
import { DEFAULT_SPLIT } from '@api/queue-split';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '@api/client';
import { dispatchRequest, type Handlers } from '@api/dispatch';
import { RequestError } from '@api/envelope';
import type { QueueStatus } from '@api/models';
import { provideApi } from '../api/instance';
import { useRunOnStore } from './run-on';

const KEY = 'leenet.run-on.v1';
let asked: string[];
let answers: ((status: QueueStatus) => void)[];

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
  asked = [];
  answers = [];
  const handlers = {
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
  it('adds a queue, chooses it, checks it with its password, and keeps it across restarts', async () => {
    const store = useRunOnStore();
    expect(store.add('gpu:6379')).toMatch(/starts with redis:\/\//);
    expect(store.choice).toBeNull();
    expect(store.add('redis://:pw@gpu')).toBeNull();
    expect([store.choice, store.queueUrl]).toEqual(['redis://gpu:6379', 'redis://:pw@gpu']);
    expect(store.checking).toEqual(['redis://gpu:6379']);
    await settle();
    expect(asked).toEqual(['redis://:pw@gpu']);
    answers[0](up);
    await settle();
    expect([store.checking, store.statuses['redis://gpu:6379']]).toEqual([[], up]);

    setActivePinia(createPinia());
    const restarted = useRunOnStore();
    expect([restarted.choice, restarted.queueUrl]).toEqual(['redis://gpu:6379', 'redis://:pw@gpu']);
    expect(restarted.options.map((o) => o.label)).toEqual(['This machine', 'redis://:***@gpu:6379']);
  });

  it('goes back to this machine when the chosen queue is removed, and forgets it after a restart', () => {
    const store = useRunOnStore();
    store.add('redis://gpu');
    store.add('redis://cpu');
    store.choose('redis://gpu:6379');
    store.remove('redis://cpu:6379');
    expect(store.choice).toBe('redis://gpu:6379');
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
