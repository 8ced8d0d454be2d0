import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src-main/api/client';
import { dispatchRequest, type Handlers } from '../../src-main/api/dispatch';
import type { BackboneInfo, DatasetInfo } from '../../src-main/api/models';
import { provideApi } from '../api/instance';
import { defaultForm } from '../setup/setup-form';
import { restoreForm, useSetupStore } from './setup';

const backbones: BackboneInfo[] = [
  { name: 'mnist-small', description: '', input: [28, 28, 1], exits: ['stage1', 'stage2', 'stage3'], params: 1 },
  { name: 'resnet20', description: '', input: [32, 32, 3], exits: ['stage1', 'stage2'], params: 2 },
];
const datasets: DatasetInfo[] = [
  { name: 'mnist', description: '', needsDir: false },
  { name: 'cifar10', description: '', needsDir: true },
];

beforeEach(() => {
  setActivePinia(createPinia());
  const handlers = { 'catalog:backbones': async () => backbones, 'catalog:datasets': async () => datasets } as Partial<Handlers> as Handlers;
  provideApi(createApi({ invoke: (channel, params) => dispatchRequest(handlers, channel, params), subscribe: () => () => undefined }));
});

describe('setup store', () => {
  it('loads the catalog and starts valid on the MNIST defaults', async () => {
    const store = useSetupStore();
    await store.loadCatalog();
    expect(store.backbones.map((b) => b.name)).toEqual(['mnist-small', 'resnet20']);
    expect(store.valid).toBe(true);
    expect(store.check.alphas).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('a new backbone brings its own presets, all ticked', async () => {
    const store = useSetupStore();
    await store.loadCatalog();
    store.chooseBackbone('resnet20');
    expect(store.form.exits).toEqual(['stage1', 'stage2']);
    expect(store.check.config.exits).toEqual([]);
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

  it('restores a saved form field by field, ignoring junk', () => {
    expect(restoreForm('{"seed":"7","limit":5,"exits":["stage2"],"bogus":1}')).toEqual({ ...defaultForm(), seed: '7', exits: ['stage2'] });
    expect(restoreForm('not json')).toEqual(defaultForm());
    expect(restoreForm('[1]')).toEqual(defaultForm());
  });
});
