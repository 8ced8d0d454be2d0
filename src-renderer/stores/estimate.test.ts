import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '@api/client';
import { dispatchRequest, type Handlers } from '@api/dispatch';
import { RequestError } from '@api/envelope';
import type { RunEstimateInfo } from '@api/models';
import { provideApi } from '../api/instance';
import { useEstimateStore } from './estimate';

const answer = (seconds: number): RunEstimateInfo => ({ seconds, bytes: 3e8, notes: [], phases: { features: seconds }, images: { train: 90, val: 10, test: 100 } });
let release: ((v: RunEstimateInfo) => void)[];

beforeEach(() => {
  setActivePinia(createPinia());
  release = [];
  const handlers = {
    'config:estimate': ({ config }: { config: unknown }) => {
      if ((config as { bad?: boolean }).bad) return Promise.reject(new RequestError('The run configuration has errors.', { limit: 'x' }));
      return new Promise<RunEstimateInfo>((resolve) => release.push(resolve));
    },
  } as Partial<Handlers> as Handlers;
  provideApi(createApi({ invoke: (channel, params) => dispatchRequest(handlers, channel, params), subscribe: () => () => undefined }));
});

describe('estimate store', () => {
  it('keeps only the answer to the latest request', async () => {
    const store = useEstimateStore();
    const first = store.request({ n: 1 });
    const second = store.request({ n: 2 });
    await new Promise((r) => setTimeout(r, 0));
    release[1](answer(20));
    await second;
    release[0](answer(10));
    await first;
    expect(store.estimate?.seconds).toBe(20);
  });

  it('reports an error and clears the estimate', async () => {
    const store = useEstimateStore();
    await store.request({ bad: true });
    expect(store.estimate).toBeNull();
    expect(store.error).toBe('The run configuration has errors.');
  });
});
