import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SaveDialogOptions } from 'electron';
import { dialogChooseModelFolder, dialogSaveExport, type DialogLike } from './save-dialog';

describe('dialogSaveExport', () => {
  it('writes where the user chose, and nothing when they cancel', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'leenet-dialog-'));
    const asked: SaveDialogOptions[] = [];
    let answer = { canceled: false, filePath: path.join(dir, 'mine.csv') };
    const dialog = {
      showSaveDialog: async (...args: unknown[]) => {
        asked.push(args.at(-1) as SaveDialogOptions);
        return answer;
      },
    } as DialogLike;
    const save = dialogSaveExport(dialog, () => null, () => '/home/me/Documents');
    expect(await save('frontier.csv', Buffer.from('a,b\n'))).toBe(answer.filePath);
    expect(await readFile(answer.filePath, 'utf8')).toBe('a,b\n');
    expect(asked[0]).toEqual({ defaultPath: '/home/me/Documents/frontier.csv', filters: [{ name: 'CSV table', extensions: ['csv'] }] });
    answer = { canceled: true, filePath: '' };
    expect(await save('x.png', Buffer.from('x'))).toBeNull();
    await rm(dir, { recursive: true, force: true });
  });
});

describe('dialogChooseModelFolder', () => {
  it('offers a new folder named after the export, and returns null when cancelled', async () => {
    const asked: SaveDialogOptions[] = [];
    let answer = { canceled: false, filePath: '/home/me/models/mnist-2x' };
    const dialog = {
      showSaveDialog: async (...args: unknown[]) => {
        asked.push(args.at(-1) as SaveDialogOptions);
        return answer;
      },
    } as DialogLike;
    const choose = dialogChooseModelFolder(dialog, () => null, () => '/home/me/Documents');
    expect(await choose('run-speedup-2')).toBe('/home/me/models/mnist-2x');
    expect(asked[0]).toMatchObject({ defaultPath: '/home/me/Documents/run-speedup-2', properties: ['createDirectory', 'showOverwriteConfirmation'] });
    answer = { canceled: true, filePath: '' };
    expect(await choose('x')).toBeNull();
  });
});
