import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCifarResnet } from '../engine/backbones/cifar-resnet';
import { writeCifar10 } from '../engine/data/cifar-fixtures';
import { writeImageFolder } from '../engine/data/image-fixtures';
import { IMAGENETTE_CLASSES } from '../engine/data/imagenette';
import { exportStateDict } from '../engine/weights/export-state-dict';
import { encodeSafetensors } from '../engine/weights/safetensors';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'leenet.mjs');
const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));
const leenet = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, LEENET_CACHE: tmp('leenet-cache-'), LEENET_BACKEND: 'wasm', LEENET_OFFLINE: '1' } });

function weightsFile(classes: number): string {
  const file = path.join(tmp('leenet-w-'), `resnet20-${classes}.safetensors`);
  const model = buildCifarResnet(20, 4, classes);
  writeFileSync(file, encodeSafetensors(exportStateDict(model)));
  model.dispose();
  return file;
}

describe('leenet info', () => {
  it('--json prints name, parameters, input and exits with their FLOP share', () => {
    const r = leenet(['info', '--backbone', 'densenet121', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as { name: string; params: number; input: number[]; exits: { name: string; cost: number }[] };
    expect(info).toMatchObject({ name: 'densenet121', params: 7_978_856, input: [224, 224, 3] });
    expect(info.exits.map((e) => e.name)).toEqual(['features.transition1', 'features.transition2', 'features.transition3', 'features.denseblock4']);
    for (let i = 1; i < info.exits.length; i++) expect(info.exits[i].cost).toBeGreaterThan(info.exits[i - 1].cost);
  });

  it.each([[['info']], [['info', '--backbone', 'resnet9000']], [['info', '--backbone', 'resnet20', '--exits', 'layer7']], [['eval', '--backbone', 'resnet20']], [['eval', '--backbone', 'resnet20', '--dataset', 'svhn:/x']], [['sweep', '--backbone', 'alexnet']]])(
    '%j: one-line usage error, exit 2',
    (args) => {
      const r = leenet(args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^leenet: /);
    },
  );
});

describe('leenet eval', () => {
  it('scores --weights on a CIFAR-10 fixture, limited, as { accuracy, n }', () => {
    const dir = tmp('leenet-cifar-');
    writeCifar10(dir, 10, 30);
    const r = leenet(['eval', '--backbone', 'resnet20', '--weights', weightsFile(10), '--dataset', `cifar10:${dir}`, '--limit', '20', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { accuracy: number; n: number; split: string };
    expect(out).toMatchObject({ n: 20, split: 'test' });
    expect(out.accuracy).toBeGreaterThanOrEqual(0);
    expect(out.accuracy).toBeLessThanOrEqual(1);
  });

  it('scores a 1000-way classifier on Imagenette among its ten ImageNet classes, a single-split folder whole', () => {
    const dir = tmp('leenet-inette-');
    const wnids = IMAGENETTE_CLASSES.map((c) => c.wnid);
    writeImageFolder(path.join(dir, 'train'), wnids, 1);
    writeImageFolder(path.join(dir, 'val'), wnids, 1);
    const weights = weightsFile(1000);
    const r = leenet(['eval', '--backbone', 'resnet20', '--weights', weights, '--dataset', `imagenette:${dir}`, '--per-class', '1', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ n: 10, split: 'test', classMap: 'imagenet-subset' });
    const folder = tmp('leenet-if-');
    writeImageFolder(folder, ['a', 'b'], 2);
    const r2 = leenet(['eval', '--backbone', 'resnet20', '--weights', weightsFile(2), '--dataset', `imagefolder:${folder}`, '--json']);
    expect(r2.status, r2.stderr).toBe(0);
    expect(JSON.parse(r2.stdout)).toMatchObject({ n: 4, split: 'train' });
  });

  it('offline without the ImageNet weights, says which file to put where', () => {
    const dir = tmp('leenet-cifar-');
    writeCifar10(dir, 1, 2);
    const cache = tmp('leenet-cache-');
    mkdirSync(path.join(cache, 'weights'));
    const r = spawnSync(process.execPath, [bin, 'eval', '--backbone', 'resnet50', '--dataset', `cifar10:${dir}`, '--cache-dir', cache], {
      encoding: 'utf8',
      // An address nothing listens on stands in for no network.
      env: { ...process.env, LEENET_BACKEND: 'wasm', LEENET_HUB_URL: 'http://127.0.0.1:9' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`put it at ${path.join(cache, 'weights', 'resnet50.safetensors')}`);
  });
});
