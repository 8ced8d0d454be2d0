import { describe, expect, it } from 'vitest';
import { checkConfig } from '@api/check-config';
import { CHOICE_OPTIONS, checkForm, defaultForm, fieldOfConfigPath, parseChoice, restoreForm, type SetupForm } from './setup-form';

const PRESETS = ['stage1', 'stage2', 'stage3'];
const form = (patch: Partial<SetupForm>): SetupForm => ({ ...defaultForm(), ...patch });

describe('setup form', () => {
  it('the defaults are the engine’s own: all of MNIST (no limit), all presets, α 0…1 by 0.1, its epochs', () => {
    const check = checkForm(defaultForm(), PRESETS);
    expect(check.errors).toEqual({});
    expect(check.config).toMatchObject({ dataset: 'mnist', backbone: 'mnist-small', exits: [], seed: 42 });
    expect(check.config).not.toHaveProperty('limit');
    const engine = checkConfig({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0] });
    if (!engine.ok) throw new Error('the engine refused its own defaults');
    const { alphas, ...rest } = check.config;
    expect(alphas).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(rest).toMatchObject({ epochs: engine.config.epochs, head: engine.config.head, gateInput: engine.config.gateInput, gateTarget: engine.config.gateTarget, calibration: engine.config.calibration, seeds: engine.config.seeds, cost: engine.config.cost, seed: engine.config.seed, valShare: engine.config.valShare });
  });

  it('puts a range’s message under the field it concerns', () => {
    expect(checkForm(form({ alphaStart: '0.8', alphaStop: '0.2' }), PRESETS).errors).toEqual({ alphaStop: 'Stop must not be below start.' });
    expect(checkForm(form({ alphaStep: '0' }), PRESETS).errors).toEqual({ alphaStep: 'Step must be greater than 0.' });
    expect(checkForm(form({ alphaStart: '0.8', alphaStop: '0.2', alphaStep: '-1' }), PRESETS).errors).toEqual({ alphaStep: 'Step must be greater than 0.' });
    expect(checkForm(form({ alphaStep: '0.001' }), PRESETS).errors).toEqual({ alphaStep: 'That range has 1001 values; at most 101.' });
  });

  it('names each wrong field in its own message', () => {
    const check = checkForm(form({ seed: 'x', gateEpochs: '0', valShare: '0.95', alphaStep: '', limit: '5' }), PRESETS);
    expect(check.errors).toEqual({
      seed: 'A seed must be a number.',
      gateEpochs: 'Gate epochs must be at least 1.',
      valShare: 'Validation share must be < 0.9.',
      alphaStep: 'Enter a step.',
      limit: 'Limit must be at least 20.',
    });
  });

  it('a list of α is checked by the schema, with the message on the list field', () => {
    expect(checkForm(form({ alphaMode: 'list', alphaList: '0, 1.5' }), PRESETS).errors.alphaList).toBe('α must be ≤ 1.');
    expect(checkForm(form({ alphaMode: 'list', alphaList: '' }), PRESETS).errors.alphaList).toBe('Give at least one α.');
    expect(checkForm(form({ alphaMode: 'list', alphaList: '0 0.5' }), PRESETS).alphas).toEqual([0, 0.5]);
  });

  it('datasets other than MNIST need their folder; a subset of exits keeps depth order', () => {
    expect(checkForm(form({ dataset: 'cifar10' }), PRESETS).errors.datasetDir).toMatch(/folder with the cifar10 files/);
    const check = checkForm(form({ dataset: 'cifar10', datasetDir: '/data/cifar', exits: ['stage3', 'stage1'] }), PRESETS);
    expect(check.config).toMatchObject({ dataset: 'cifar10:/data/cifar', exits: ['stage1', 'stage3'] });
    expect(checkForm(form({ exits: [] }), PRESETS).errors.exits).toBe('Choose at least one exit point.');
  });

  it('an empty limit means the whole dataset; weights are passed only when given', () => {
    const check = checkForm(form({ limit: '', weights: ' /w/resnet.safetensors ' }), PRESETS);
    expect(check.errors).toEqual({});
    expect(check.config).not.toHaveProperty('limit');
    expect(check.config.weights).toBe('/w/resnet.safetensors');
  });

  it('sends head, gate input and target, calibration and seeds, the engine’s defaults unless changed', () => {
    expect(checkForm(defaultForm(), PRESETS).config).toMatchObject({ head: 'linear', gateInput: 'uncertainty', gateTarget: 'auto', calibration: 'temperature', seeds: 1 });
    const check = checkForm(form({ head: 'conv', gateInput: 'both', gateTarget: 'leenet', calibration: 'none', seeds: '5' }), PRESETS);
    expect(check.errors).toEqual({});
    expect(check.config).toMatchObject({ head: 'conv', gateInput: 'both', gateTarget: 'leenet', calibration: 'none', seeds: 5 });
  });

  it('checks seeds as typed and with the schema, each message on its own field', () => {
    expect(checkForm(form({ seeds: '' }), PRESETS).errors).toEqual({ seeds: 'Enter the number of seeds.' });
    expect(checkForm(form({ seeds: 'two' }), PRESETS).errors.seeds).toBe('The number of seeds must be a number.');
    expect(checkForm(form({ seeds: '0' }), PRESETS).errors.seeds).toBe('Seeds must be at least 1.');
    expect(checkForm(form({ seeds: '11' }), PRESETS).errors.seeds).toBe('Seeds must be at most 10.');
    expect(checkForm(form({ seeds: '2.5' }), PRESETS).errors.seeds).toBe('Seeds must be a whole number.');
  });

  it('a list value the schema does not know is named on its field', () => {
    const junk = form({ head: 'transformer' as SetupForm['head'], gateTarget: 'both' as SetupForm['gateTarget'], calibration: 'platt' as SetupForm['calibration'] });
    expect(checkForm(junk, PRESETS).errors).toEqual({
      head: 'Head must be "linear", "mlp" or "conv".',
      gateTarget: 'Gate target must be "auto", "safe", "correct" or "leenet".',
      calibration: 'Calibration must be "temperature" or "none".',
    });
  });

  it('takes a select’s value only when its list offers it', () => {
    expect(parseChoice('gateInput', 'both')).toBe('both');
    expect(parseChoice('head', 'conv')).toBe('conv');
    expect(parseChoice('gateTarget', 'pooled')).toBeNull();
    expect(CHOICE_OPTIONS.calibration.map((o) => o.value)).toEqual(['temperature', 'none']);
  });

  it('maps host error keys to form fields', () => {
    expect([fieldOfConfigPath('epochs.heads'), fieldOfConfigPath('alphas.3'), fieldOfConfigPath('dataset'), fieldOfConfigPath('nope')]).toEqual([
      'headEpochs',
      'alphaList',
      'datasetDir',
      null,
    ]);
    expect(['head', 'gateInput', 'gateTarget', 'calibration', 'seeds'].map(fieldOfConfigPath)).toEqual(['head', 'gateInput', 'gateTarget', 'calibration', 'seeds']);
  });

  it('restores a saved form field by field, ignoring junk', () => {
    expect(restoreForm('{"seed":"7","limit":5,"exits":["stage2"],"bogus":1}')).toEqual({ ...defaultForm(), seed: '7', exits: ['stage2'] });
    expect(restoreForm('not json')).toEqual(defaultForm());
    expect(restoreForm('[1]')).toEqual(defaultForm());
  });

  it('restores the model choices and seeds; a form saved before they existed gets their defaults', () => {
    const saved = { head: 'mlp', gateInput: 'both', gateTarget: 'leenet', calibration: 'none', seeds: '3' };
    expect(restoreForm(JSON.stringify(saved))).toEqual({ ...defaultForm(), ...saved });
    expect(restoreForm('{"gateInput":"pooled","seeds":3}')).toEqual({ ...defaultForm(), gateInput: 'pooled' });
  });
});
