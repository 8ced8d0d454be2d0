import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../data/idx-fixtures';
import { createRun } from './store';
import { workspaceError } from './workspace-error';

const config = { dataset: 'mnist', backbone: 'mnist-small', alphas: [0] } as Parameters<typeof createRun>[1]['config'];
const newRun = { config, backend: 'wasm', dataset: 'mnist', backbone: 'mnist-small', status: 'running' as const };

describe('a workspace that cannot hold runs', () => {
  it.each([
    ['EROFS', 'is on a read-only disk (EROFS): choose another folder with --workspace DIR or LEENET_WORKSPACE. Saved runs are untouched.'],
    ['ENOSPC', 'is on a full disk (ENOSPC): choose another folder with --workspace DIR or LEENET_WORKSPACE, or free some space. Saved runs are untouched.'],
    ['EACCES', 'is not writable by you (EACCES)'],
    ['EDQUOT', 'is over your disk quota (EDQUOT)'],
  ])('%s: one sentence naming the folder and what to do', (code, says) => {
    const e = Object.assign(new Error(`${code}: raw`), { code });
    expect(workspaceError(e, '/data/runs').message).toContain(`The workspace /data/runs ${says}`);
  });

  it('other errors pass unchanged', () => {
    const e = Object.assign(new Error('odd'), { code: 'EIO' });
    expect(workspaceError(e, '/w')).toBe(e);
  });

  it('a workspace that is a file, or inside one, is refused with that reason', async () => {
    const file = path.join(tmpDir('leenet-wsf-'), 'runs');
    writeFileSync(file, 'not a folder');
    await expect(createRun(file, newRun)).rejects.toThrow(`The workspace ${file} is a file, not a folder (EEXIST)`);
    await expect(createRun(path.join(file, 'sub'), newRun)).rejects.toThrow(/is inside a file, not a folder \(ENOTDIR\)/);
  });
});
