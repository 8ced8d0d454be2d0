import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '@api/client';
import { dispatchRequest, type Handlers } from '@api/dispatch';
import { RequestError } from '@api/envelope';
import type { BackboneInfo, DatasetInfo } from '@api/models';
import { redactQueueUrl } from '@api/queue-url';
import { provideApi } from '../api/instance';
import { useRunOnStore } from './run-on';
import { useRunsStore } from './runs';
import { useSetupStore } from './setup';

const candidate = (name: string, cost: number, preset = false) => ({ name, cost, preset });
const backbones: BackboneInfo[] = [
  {
    name: 'mnist-small',
    description: '',
    input: [28, 28, 1],
    exits: ['stem', 'stage1', 'stage2', 'stage3'],
    exitCandidates: [candidate('stem', 0.03, true), candidate('stage1_relu1', 0.22), candidate('stage1', 0.41, true), candidate('stage2', 0.71, true), candidate('stage3', 1, true)],
    params: 1,
  },
  { name: 'resnet20', description: '', input: [32, 32, 3], exits: ['stage1', 'stage2'], exitCandidates: [], params: 2 },
];
const datasets: DatasetInfo[] = [
  { name: 'mnist', description: '', needsDir: false, images: [28, 28, 1] },
  { name: 'cifar10', description: '', needsDir: true, images: [32, 32, 3] },
];

let started: { config: unknown; name?: string; queue?: string; split?: { featureShards: number; fanOutAlphas: boolean } }[];
beforeEach(() => {
  setActivePinia(createPinia());
  started = [];
  const handlers = {
    'catalog:backbones': async () => backbones,
    'catalog:datasets': async () => datasets,
    'queue:status': async ({ url }: { url: string }) => ({ url, reachable: true, workers: 1, waiting: 0, active: 0, message: '1 worker' }),
    'queue:remember': async ({ url }: { url: string }) => ({ url: redactQueueUrl(url) }),
    'run:start': async (params: { config: unknown; name?: string; queue?: string }) => {
      started.push(params);
      if ((params.config as { seed: number }).seed === 13) throw new RequestError('The run configuration has errors.', { 'epochs.heads': 'Too many.' });
      if (params.queue?.includes('down')) throw new RequestError('The sweep could not be submitted.', { queue: 'Redis at down:6379 refused the connection.' });
      return { runId: 'new', position: 0 };
    },
  } as Partial<Handlers> as Handlers;
  provideApi(createApi({ invoke: (channel, params) => dispatchRequest(handlers, channel, params), subscribe: () => () => undefined }));
});

describe('setup store', () => {
  it('loads the catalog and starts valid on the MNIST defaults', async () => {
    const store = useSetupStore();
    await store.loadCatalog();
    expect(store.backbones.map((b) => b.name)).toEqual(['mnist-small', 'resnet20']);
    expect(store.valid).toBe(true);
    expect(store.check.alphas).toHaveLength(11);
  });

  it('refuses a backbone that cannot read the dataset’s images, and only warns where it runs adapted', async () => {
    const store = useSetupStore();
    await store.loadCatalog();
    store.setField('dataset', 'cifar10');
    store.setField('datasetDir', '/data/cifar');
    expect(store.errors.backbone).toMatch(/^mnist-small takes 28×28 grey images; cifar10 has 32×32 colour images, which it cannot read\. Choose resnet20/);
    expect(store.valid).toBe(false);
    store.chooseBackbone('resnet20');
    expect(store.valid).toBe(true);
    store.setField('dataset', 'mnist');
    expect(store.errors.backbone).toBeUndefined();
    expect(store.warnings.backbone).toMatch(/^resnet20 takes 32×32 colour images; mnist has 28×28 grey images/);
    expect(store.valid).toBe(true);
  });

  it('a new backbone brings its own presets, all ticked', async () => {
    const store = useSetupStore();
    await store.loadCatalog();
    store.chooseBackbone('resnet20');
    expect(store.form.exits).toEqual(['stage1', 'stage2']);
    expect(store.check.config.exits).toEqual([]);
  });

  it('offers every exit candidate with its cost, presets ticked; a choice beyond them is sent in depth order', async () => {
    const store = useSetupStore();
    await store.loadCatalog();
    expect(store.exitChoices.map((c) => [c.name, c.cost, c.preset])).toEqual([
      ['stem', 0.03, true],
      ['stage1_relu1', 0.22, false],
      ['stage1', 0.41, true],
      ['stage2', 0.71, true],
      ['stage3', 1, true],
    ]);
    // The form's own default (the engine's presets) is kept while the catalog names them all.
    store.reset();
    store.chooseBackbone('mnist-small');
    expect(store.form.exits).toEqual(['stem', 'stage1', 'stage2', 'stage3']);
    expect(store.check.config.exits).toEqual([]);
    store.setField('exits', ['stage3', 'stem', 'stage1_relu1']);
    expect(store.valid).toBe(true);
    expect(store.check.config.exits).toEqual(['stem', 'stage1_relu1', 'stage3']);
    store.setField('exits', []);
    expect(store.errors.exits).toBe('Choose at least one exit point.');
  });

  it('keeps a restored inside-stage exit the backbone still offers and drops one it does not', async () => {
    const store = useSetupStore();
    store.setField('exits', ['stage1_relu1', 'stage9', 'stage2']);
    await store.loadCatalog();
    expect(store.form.exits).toEqual(['stage1_relu1', 'stage2']);
  });

  it('without candidates a backbone offers its presets, cost unknown', async () => {
    const store = useSetupStore();
    await store.loadCatalog();
    store.chooseBackbone('resnet20');
    expect(store.exitChoices).toEqual([
      { name: 'stage1', cost: null, preset: true },
      { name: 'stage2', cost: null, preset: true },
    ]);
  });

  it('shows the host’s messages on their fields until the field changes', async () => {
    const store = useSetupStore();
    await store.loadCatalog();
    store.showHostErrors({ dataset: 'No such folder.', 'epochs.heads': 'Too many.' });
    expect(store.errors).toMatchObject({ datasetDir: 'No such folder.', headEpochs: 'Too many.' });
    expect(store.valid).toBe(false);
    store.setField('datasetDir', '/x');
    expect(store.errors.datasetDir).toBeUndefined();
    expect(store.errors.headEpochs).toBe('Too many.');
  });

  it('starts a sweep once per press, named as typed, and shows what the host refused on its field', async () => {
    const store = useSetupStore();
    await store.loadCatalog();
    store.setField('name', '  my run ');
    const first = store.start();
    expect(store.starting).toBe(true);
    await store.start();
    await first;
    expect(started).toEqual([{ config: store.check.config, name: 'my run' }]);
    expect(store.starting).toBe(false);
    expect(store.startedRunId).toBe('new');
    store.startedRunId = null;
    store.setField('seed', '13');
    await store.start();
    expect(started).toHaveLength(2);
    expect(store.errors.headEpochs).toBe('Too many.');
    expect(store.startedRunId).toBeNull();
    expect(store.valid).toBe(false);
    await store.start();
    expect(started).toHaveLength(2);
  });

  it('starts on this machine without a queue, and on the chosen queue with its URL (the host fills in its password)', async () => {
    const store = useSetupStore();
    const runOn = useRunOnStore();
    await store.loadCatalog();
    await store.start();
    expect(started[0]).not.toHaveProperty('queue');
    await runOn.add('redis://:pw@gpu:6379');
    await store.start();
    expect(started[1]).toEqual({ config: store.check.config, queue: 'redis://:***@gpu:6379', split: { featureShards: 1, fanOutAlphas: true } });
    runOn.choose(null);
    await store.start();
    expect(started[2]).not.toHaveProperty('queue');
    expect(started[2]).not.toHaveProperty('split');
  });

  it('sends the split typed under Run on; a shard count that is not one keeps Submit disabled, for a queue only', async () => {
    const store = useSetupStore();
    const runOn = useRunOnStore();
    await store.loadCatalog();
    await runOn.add('redis://gpu:6379');
    runOn.setShards('4');
    runOn.setFanOut(false);
    await store.start();
    expect(started[0]).toMatchObject({ queue: 'redis://gpu:6379', split: { featureShards: 4, fanOutAlphas: false } });
    runOn.setShards('0');
    expect(runOn.splitError).toBe('Between 1 and 256 (got 0).');
    expect(store.valid).toBe(false);
    await store.start();
    expect(started).toHaveLength(1);
    // The last valid count is what is kept: a restart does not bring back a count that was never accepted.
    expect(runOn.settings.split).toEqual({ featureShards: 4, fanOutAlphas: false });
    runOn.choose(null);
    expect(runOn.splitError).toBeNull();
    expect(store.valid).toBe(true);
  });

  it('shows the host’s refusal of a queue under Run on and in the start error, until the choice changes', async () => {
    const store = useSetupStore();
    const runOn = useRunOnStore();
    await store.loadCatalog();
    await runOn.add('redis://down:6379');
    await store.start();
    expect(store.startedRunId).toBeNull();
    expect(runOn.hostError).toBe('Redis at down:6379 refused the connection.');
    expect(useRunsStore().error).toBe('The sweep could not be submitted.');
    expect(store.valid).toBe(true);
    runOn.choose(null);
    expect(runOn.hostError).toBeNull();
    await store.start();
    expect(store.startedRunId).toBe('new');
  });
});
