import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'leenet.mjs');
const leenet = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, LEENET_CACHE: mkdtempSync(path.join(os.tmpdir(), 'leenet-cache-')), LEENET_OFFLINE: '1' } });

interface Info {
  exits: { name: string; cost: number }[];
  candidates: { name: string; cost: number; preset: boolean }[];
}

describe('leenet info: exit candidates', () => {
  it('--json lists every candidate with its cost and preset flag, beside the presets as exits', () => {
    const r = leenet(['info', '--backbone', 'resnet20', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as Info;
    expect(info.exits.map((e) => e.name)).toEqual(['layer1', 'layer2', 'layer3']);
    expect(info.candidates.map((c) => c.name)).toEqual(['relu', 'layer1.0', 'layer1.1', 'layer1', 'layer2.0', 'layer2.1', 'layer2', 'layer3.0', 'layer3.1', 'layer3']);
    expect(info.candidates.filter((c) => c.preset).map((c) => c.name)).toEqual(['layer1', 'layer2', 'layer3']);
    expect(info.candidates[0].cost).toBeLessThan(0.05);
    for (let i = 1; i < info.candidates.length; i++) expect(info.candidates[i].cost).toBeGreaterThan(info.candidates[i - 1].cost);
    expect(info.candidates.find((c) => c.name === 'layer1')?.cost).toBe(info.exits[0].cost);
  });

  it('--exits resolves aliases and puts them in depth order; the text lists candidates with presets starred', () => {
    const r = leenet(['info', '--backbone', 'resnet20', '--exits', 'layer2,layer1.2,relu,layer1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}\* layer1 +\d+\.\d% of the FLOPs$/m);
    expect(r.stdout).toMatch(/^ {4}layer1\.0 +\d+\.\d% of the FLOPs$/m);
    const chosen = r.stdout.split('chosen exits:\n')[1].trim().split('\n');
    expect(chosen.map((l) => l.trim().split(/ +/)[0])).toEqual(['relu', 'layer1', 'layer2']);
  });

  it('an unknown exit is a usage error that lists the candidates', () => {
    const r = leenet(['info', '--backbone', 'mnist-small', '--exits', 'stage1,stage4']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      'leenet: --exits: Unknown exit point(s) stage4 for mnist-small. Candidates: stem, stage1_relu1, stage1, stage2_relu1, stage2, stage3_relu1, stage3; any layer name works.',
    );
  });
});
