import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '@api/client';
import { dispatchRequest, type Handlers } from '@api/dispatch';
import { RequestError } from '@api/envelope';
import type { RunDetail } from '@api/models';
import { provideApi } from '../api/instance';
import { useSweepPlansStore } from './sweep-plans';

let estimates: number;
beforeEach(() => {
  setActivePinia(createPinia());
  estimates = 0;
  const handlers = {
    'runs:get': async ({ runId }: { runId: string }) => {
      if (runId === 'gone') throw new RequestError('There is no run "gone".');
      return { id: runId, config: { seeds: 2 } } as RunDetail;
    },
    'config:estimate': async () => {
      estimates++;
      return { seconds: 40, bytes: 1, notes: [], phases: { features: 10, heads: 10, gates: 20 }, images: { train: 1, val: 1, test: 1 } };
    },
  } as Partial<Handlers> as Handlers;
  provideApi(createApi({ invoke: (channel, params) => dispatchRequest(handlers, channel, params), subscribe: () => () => undefined }));
});

describe('sweep plans store', () => {
  it("plans a run from its own config's estimate, once", async () => {
    const store = useSweepPlansStore();
    await store.ensure('r1');
    await store.ensure('r1');
    expect(estimates).toBe(1);
    expect(store.plans.r1.filter((p) => p.phase === 'gates').map((p) => p.seconds)).toEqual([10, 10]);
  });

  it('has no plan for a run it cannot estimate, and does not throw', async () => {
    const store = useSweepPlansStore();
    await store.ensure('gone');
    expect(store.plans.gone).toBeUndefined();
  });
});
