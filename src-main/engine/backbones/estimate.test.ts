import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { sweepConfigSchema } from '../config';
import { tmpDir } from '../data/idx-fixtures';
import { loadDataset } from '../data/load-dataset';
import { describeEstimate, estimateRun } from './estimate';

describe('estimateRun', () => {
  it('estimates a full CIFAR-10 sweep from measured throughput, and a limit makes it smaller', async () => {
    await initBackend('wasm');
    const cacheDir = tmpDir('leenet-cache-');
    const full = await estimateRun(sweepConfigSchema.parse({ dataset: 'cifar10:/not/downloaded/yet', backbone: 'resnet20', alphas: [0, 0.5, 1] }), { cacheDir });
    expect(full.images).toEqual({ train: 45_000, val: 5_000, test: 10_000 });
    expect(full.throughput.imagesPerSecond).toBeGreaterThan(0);
    expect(full.phases.backbone).toBeGreaterThan(full.phases.features);
    expect(full.seconds).toBeCloseTo(Object.values(full.phases).reduce((a, b) => a + b, 0), 6);
    // 60 000 CIFAR images in memory at least.
    expect(full.bytes).toBeGreaterThan(60_000 * 3072);
    const limited = await estimateRun(sweepConfigSchema.parse({ dataset: 'cifar10:/x', backbone: 'resnet20', alphas: [0, 0.5, 1], limit: 500 }), { cacheDir });
    expect(limited.seconds).toBeLessThan(full.seconds / 20);
    expect(describeEstimate(limited)).toMatch(/^Estimate: about \d+ (s|min)/);
    // The second estimate reused the measured throughput.
    expect(limited.throughput.measuredAt).toBe(full.throughput.measuredAt);
  });

  it('knows when trained weights for the split ship: no backbone training in the default job', async () => {
    await initBackend('wasm');
    const dataset = await loadDataset('mnist', {});
    const cacheDir = tmpDir('leenet-cache-');
    const shipped = await estimateRun(sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 1] }), { cacheDir, dataset });
    expect(shipped.phases.backbone).toBeUndefined();
    expect(shipped.notes.join(' ')).toMatch(/weights for this split are shipped with the workbench: no backbone training/);
    // Another split (a limit) has no weights yet: its training is counted.
    const limited = await estimateRun(sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 1], limit: 2000 }), { cacheDir, dataset });
    expect(limited.phases.backbone).toBeGreaterThan(0);
    expect(limited.notes.join(' ')).toMatch(/^.*Training mnist-small on the split first \(3 epochs\)/);
  }, 60_000);

  it('an ImageNet backbone on CIFAR notes the transfer step and the download of its weights', async () => {
    const e = await estimateRun(sweepConfigSchema.parse({ dataset: 'cifar10:/x', backbone: 'densenet121', alphas: [0.5], limit: 100 }), { cacheDir: tmpDir('leenet-cache-') });
    expect(e.notes.join(' ')).toMatch(/weights \(\d+ MB\) are downloaded first/);
    expect(e.notes.join(' ')).toMatch(/new 10-class classifier/);
    expect(e.phases.backbone).toBeUndefined();
  }, 60_000);
});
