import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SweepConfig } from '../config';
import { createRun, getRun, updateRun } from './store';
import type { FrontierPoint } from '../sweep-types';

/**
 * A real full disk and a real read-only disk: small tmpfs mounts as the workspace. Mounting needs root (as on this
 * project's CI machines); where it is refused the tests say so and are skipped.
 */
const mounted: string[] = [];
const mount = (dir: string, options: string) => spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]).status === 0 && mounted.push(dir) > 0;
const probe = mkdtempSync(path.join(os.tmpdir(), 'leenet-mount-probe-'));
const canMount = mount(probe, 'size=64k');
if (canMount) spawnSync('umount', [mounted.pop()!]);
else console.warn('disk-fault tests skipped: this user cannot mount a tmpfs (they need root).');

afterEach(() => {
  while (mounted.length) spawnSync('umount', ['-l', mounted.pop()!]);
});

const config = { dataset: 'mnist', backbone: 'mnist-small', alphas: [0] } as SweepConfig;
const newRun = { config, backend: 'wasm', dataset: 'mnist', backbone: 'mnist-small', status: 'running' as const };
const point = (i: number): FrontierPoint => ({ policy: 'max-softmax', param: i / 1000, split: 'test', accuracy: 0.9, cost: 0.5, speedup: 2, exitFractions: [0.5, 0.5], exitAccuracy: [0.9, 0.9] });

describe.skipIf(!canMount)('a workspace on a failing disk', () => {
  it('full: the write that does not fit is refused with what to do, and the saved run stays whole', async () => {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'leenet-full-'));
    expect(mount(ws, 'size=256k')).toBe(true);
    const run = await createRun(ws, newRun);
    await updateRun(ws, run.id, { points: [point(1)] });
    // Fill what is left of the disk.
    try {
      writeFileSync(path.join(ws, 'filler'), Buffer.alloc(512 * 1024));
    } catch {
      // ENOSPC once the disk is full: exactly what this test wants.
    }
    const many = Array.from({ length: 2000 }, (_, i) => point(i));
    await expect(updateRun(ws, run.id, { points: many })).rejects.toThrow(`The workspace ${ws} is on a full disk (ENOSPC): choose another folder with --workspace DIR or LEENET_WORKSPACE, or free some space.`);
    expect((await getRun(ws, run.id)).points).toEqual([point(1)]);
  });

  it('read-only: no new run, no update, and the saved run reads as before', async () => {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'leenet-ro-'));
    expect(mount(ws, 'size=256k')).toBe(true);
    const run = await createRun(ws, newRun);
    expect(spawnSync('mount', ['-o', 'remount,ro', ws]).status).toBe(0);
    await expect(updateRun(ws, run.id, { status: 'finished' })).rejects.toThrow(`The workspace ${ws} is on a read-only disk (EROFS)`);
    await expect(createRun(ws, newRun)).rejects.toThrow(/is on a read-only disk \(EROFS\)/);
    expect((await getRun(ws, run.id)).status).toBe('running');
  });
});
