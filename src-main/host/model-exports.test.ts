import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportName, freeFolder } from './model-exports';

describe('model export folders', () => {
  it('are named after the run and the operating point, safely', () => {
    expect(exportName({ id: 'r1' }, { kind: 'budget', target: { kind: 'speedup', value: 2 }, policy: 'best' })).toBe('r1-speedup-2');
    expect(exportName({ id: 'r1' }, { kind: 'budget', target: { kind: 'max-drop', value: 0.5 }, policy: 'max-softmax' })).toBe('r1-max-softmax-max-drop-0.5');
    expect(exportName({ id: 'r1' }, { kind: 'alpha', alpha: 0.3, threshold: 0.9 })).toBe('r1-alpha-0.3-t0.9');
    expect(exportName({ id: 'r/../1' }, { kind: 'alpha', alpha: 1 })).toBe('r_.._1-alpha-1');
  });

  it('never replace an earlier export', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'leenet-exports-'));
    expect(await freeFolder(dir, 'm')).toBe(path.join(dir, 'm'));
    await mkdir(path.join(dir, 'm'));
    await mkdir(path.join(dir, 'm-2'));
    expect(await freeFolder(dir, 'm')).toBe(path.join(dir, 'm-3'));
  });
});
