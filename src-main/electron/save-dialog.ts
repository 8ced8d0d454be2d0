import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserWindow, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import type { SaveExport } from '../host/exports';

export interface DialogLike {
  showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
}

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  '.png': { name: 'PNG image', extensions: ['png'] },
  '.svg': { name: 'SVG image', extensions: ['svg'] },
  '.csv': { name: 'CSV table', extensions: ['csv'] },
};

/** Electron's exports: the user picks where, in a native save dialog over the window that asked. */
export function dialogSaveExport(dialog: DialogLike, window: () => BrowserWindow | null, defaultDir: () => string): SaveExport {
  return async (fileName, bytes) => {
    const filter = FILTERS[path.extname(fileName).toLowerCase()];
    const options: SaveDialogOptions = { defaultPath: path.join(defaultDir(), fileName), filters: filter ? [filter] : [] };
    const parent = window();
    const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return null;
    await writeFile(choice.filePath, bytes);
    return choice.filePath;
  };
}

/** Where an exported model folder goes: a save dialog for a new folder's name (the export creates it). */
export function dialogChooseModelFolder(dialog: DialogLike, window: () => BrowserWindow | null, defaultDir: () => string): (suggestedName: string) => Promise<string | null> {
  return async (suggestedName) => {
    const options: SaveDialogOptions = { title: 'Export early-exit model', buttonLabel: 'Export', defaultPath: path.join(defaultDir(), suggestedName), properties: ['createDirectory', 'showOverwriteConfirmation'] };
    const parent = window();
    const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    return choice.canceled || !choice.filePath ? null : choice.filePath;
  };
}
