import { describe, expect, it } from 'vitest';
import { parseAlphas } from './alphas';
import { parseSweepArgs } from './sweep-args';
import { UsageError } from './usage-error';

describe('parseAlphas', () => {
  it('reads a range with the stop included and a list', () => {
    expect(parseAlphas('0:1:0.1')).toHaveLength(11);
    expect(parseAlphas('0:1:0.1')[3]).toBe(0.3);
    expect(parseAlphas('0,0.3,0.6')).toEqual([0, 0.3, 0.6]);
  });

  it.each(['0:1', 'a,b', '0:1:0', '0,2', '1:0:0.1'])('rejects %s with a one-line message', (s) => {
    expect(() => parseAlphas(s)).toThrow(/^--alphas: /);
  });
});

describe('parseSweepArgs', () => {
  it('defaults to the MNIST job with 11 α', () => {
    const c = parseSweepArgs([]).config;
    expect(c.dataset).toBe('mnist');
    expect(c.backbone).toBe('mnist-small');
    expect(c.alphas).toHaveLength(11);
    expect(c.gateSplit).toBe('val');
  });

  it('maps every flag', () => {
    const cmd = parseSweepArgs(['--head', 'mlp', '--gate-input', 'uncertainty', '--gate-split', 'train', '--cost', 'params', '--epochs', 'heads=2,gates=5', '--seed', '7', '--limit', '500', '--per-class', '30', '--json', '--workspace', '/tmp/w', '--name', ' first try ']);
    expect(cmd.config).toMatchObject({ head: 'mlp', gateInput: 'uncertainty', gateSplit: 'train', cost: 'params', seed: 7, limit: 500, perClass: 30 });
    expect(cmd.config.epochs).toEqual({ heads: 2, gates: 5, backbone: 3 });
    expect(cmd.json).toBe(true);
    expect(cmd.workspace).toBe('/tmp/w');
    expect(cmd.name).toBe('first try');
  });

  it('reads the learned-exit options: head, gate target, calibration, seeds', () => {
    const cmd = parseSweepArgs(['--head', 'conv', '--gate-target', 'leenet', '--gate-input', 'both', '--calibration', 'none', '--seeds', '3']);
    expect(cmd.config).toMatchObject({ head: 'conv', gateTarget: 'leenet', gateInput: 'both', calibration: 'none', seeds: 3 });
    expect(parseSweepArgs([]).config).toMatchObject({ head: 'linear', gateTarget: 'auto', gateInput: 'uncertainty', calibration: 'temperature', seeds: 1 });
  });

  it.each([
    [['--head', 'transformer'], /--head: Head must be "linear", "mlp" or "conv"/],
    [['--gate-target', 'best'], /--gate-target: Gate target must be/],
    [['--seeds', '0'], /--seeds: Seeds must be at least 1/],
    [['--calibration', 'platt'], /--calibration: Calibration must be/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--seed', 'x'], /--seed: "x" is not a whole number/],
    [['--dataset', 'imagenet'], /--dataset: Unknown dataset/],
    [['--limit', '5'], /--limit: Limit must be at least 20/],
    [['--per-class', '1'], /--per-class: Per-class limit must be at least 2/],
    // Every other flag with a bad value: one line naming the flag and what it takes.
    [['--dataset', ''], /^--dataset: Choose a dataset: "mnist", or e.g. "cifar10:DIR"\.$/],
    [['--backbone', 'alexnet'], /^--backbone: Unknown backbone\. Available: mnist-small, /],
    [['--weights', ''], /^--weights: Give the weights file\.$/],
    [['--alphas', '2'], /^--alphas: α must lie in \[0, 1\], got 2\.$/],
    [['--pooling', 'max'], /^--pooling: Pooling must be "adaptive", "gap" or "flatten"\.$/],
    [['--pool-grid', '9'], /^--pool-grid: Pool grid must be at most 8\.$/],
    [['--pool-grid', '0'], /^--pool-grid: Pool grid must be at least 1\.$/],
    [['--pool-grid', 'x'], /^--pool-grid: "x" is not a whole number\.$/],
    [['--gate-input', 'x'], /^--gate-input: Gate input must be /],
    [['--gate-split', 'test'], /^--gate-split: Gate split must be "val" or "train"\.$/],
    [['--seeds', '11'], /^--seeds: Seeds must be at most 10\.$/],
    [['--cost', 'x'], /^--cost: Cost must be "flops", "params" or "latency"\.$/],
    [['--epochs', 'x'], /^--epochs: "x" is not N or heads=N \/ gates=N \/ backbone=N\.$/],
    [['--epochs', 'heads=0'], /^--epochs: Head epochs must be at least 1\.$/],
    [['--epochs', 'gates=600'], /^--epochs: Gate epochs must be at most 500\.$/],
    [['--epochs', 'backbone=101'], /^--epochs: Backbone epochs must be at most 100\.$/],
    [['--seed', '-1'], /argument is ambiguous\. Write a value that starts with "-" as --flag=VALUE\./],
    [['--seed=-1'], /^--seed: Seed must be ≥ 0\.$/],
    [['--limit', 'x'], /^--limit: "x" is not a whole number\.$/],
    [['--per-class', 'x'], /^--per-class: "x" is not a whole number\.$/],
    [['--val-share', '0.95'], /^--val-share: Validation share must be < 0\.9\.$/],
    [['--val-share', 'x'], /^--val-share: "x" is not a number\.$/],
    [['--split', 'random'], /^--split: Split must be "official" or "80\/20"\.$/],
    [['--backend', 'tpu'], /^--backend: "tpu" is not one of auto, node-gpu, node, wasm, cpu\.$/],
    [['--name', '  '], /^--name: give the run a name\.$/],
    [['--name', 'x'.repeat(121)], /^--name: at most 120 characters \(this one has 121\)\.$/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseSweepArgs(argv)).toThrow(UsageError);
    expect(() => parseSweepArgs(argv)).toThrow(message);
  });
});
