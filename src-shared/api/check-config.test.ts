import { describe, expect, it } from 'vitest';
import { checkConfig } from './check-config';

describe('checkConfig', () => {
  it('accepts the smallest MNIST config and fills the defaults', () => {
    const check = checkConfig({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 1], limit: 200 });
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.config.head).toBe('linear');
    expect(check.config.epochs).toEqual({ backbone: 3, heads: 8, gates: 30 });
    expect(check.config.exits).toEqual([]);
  });

  it('accepts a Fashion-MNIST folder and explicit exits', () => {
    const check = checkConfig({
      dataset: 'fashion-mnist:/data/fmnist',
      backbone: 'mnist-small',
      exits: ['stage1', 'stage2'],
      alphas: [0, 0.5, 1],
      epochs: { backbone: 1, heads: 2, gates: 3 },
    });
    expect(check.ok).toBe(true);
  });

  it('gives one message per wrong field, keyed by its path', () => {
    const check = checkConfig({
      dataset: 'imagenet',
      backbone: 'resnet-9000',
      alphas: [0, 2, -1],
      epochs: { heads: 0 },
      limit: 5,
      seed: 1.5,
    });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual(['alphas.1', 'alphas.2', 'backbone', 'dataset', 'epochs.heads', 'limit', 'seed']);
    expect(check.errors.dataset).toMatch(/Unknown dataset/);
    expect(check.errors.backbone).toMatch(/Available: mnist-small/);
    expect(check.errors['alphas.1']).toBe('α must be ≤ 1.');
    expect(check.errors['alphas.2']).toBe('α must be ≥ 0.');
    expect(check.errors.limit).toMatch(/at least 20/);
    for (const message of Object.values(check.errors)) expect(typeof message).toBe('string');
  });

  it('reports missing required fields and unknown extra ones', () => {
    const check = checkConfig({ dataset: 'mnist', colour: 'blue' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors).toHaveProperty('backbone');
    expect(check.errors).toHaveProperty('alphas');
    expect(Object.values(check.errors).join(' ')).toMatch(/colour/);
  });

  it('refuses something that is not an object at all', () => {
    const check = checkConfig('mnist');
    expect(check).toEqual({ ok: false, errors: { '(config)': expect.any(String) } });
  });
});
