import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS } from '../../src-shared/api/channels';
import type { Envelope } from '../../src-shared/api/envelope';
import type { EventEmitter as Emitter } from 'node:events';
import type { SenderInfo } from './frame-guard';
import { PASSWORDS_FILE } from '../host/queue-passwords';

/**
 * The app entry with a stand-in `electron` module (no binary here): checks the wiring — window, preload, page,
 * IPC, menu, session — that the unit tests of each piece cannot see.
 */
const fake = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, params: unknown) => Promise<unknown>>();
  const windows: { options: Record<string, unknown>; url: string; contents: { id: number } }[] = [];
  const appEvents = new Map<string, (...args: unknown[]) => void>();
  return { handlers, windows, appEvents, menu: null as unknown, headers: false, permissions: false };
});

vi.mock('electron', async () => {
  // The factory runs before this file's imports are ready: it loads what it needs itself.
  const { EventEmitter } = await import('node:events');
  const os = await import('node:os');
  let nextId = 1;
  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => [];
    static getFocusedWindow = () => null;
    webContents: Emitter & { id: number };
    constructor(options: Record<string, unknown>) {
      super();
      this.webContents = Object.assign(new EventEmitter(), { id: nextId++, setWindowOpenHandler: () => undefined, send: () => undefined });
      fake.windows.push({ options, url: '', contents: this.webContents });
    }
    loadURL(url: string) {
      fake.windows.at(-1)!.url = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      enableSandbox: () => undefined,
      requestSingleInstanceLock: () => true,
      quit: () => undefined,
      exit: () => undefined,
      whenReady: () => Promise.resolve(),
      getVersion: () => '9.9.9',
      getPath: () => os.tmpdir(),
      isPackaged: false,
      name: 'LEENet Workbench',
      on: (event: string, listener: (...args: unknown[]) => void) => fake.appEvents.set(event, listener),
    },
    BrowserWindow,
    ipcMain: { handle: (c: string, l: (e: unknown, p: unknown) => Promise<unknown>) => fake.handlers.set(c, l), removeHandler: () => undefined },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (fake.menu = m) },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: () => (fake.headers = true) },
        setPermissionRequestHandler: () => (fake.permissions = true),
      },
    },
    dialog: { showErrorBox: (title: string, body: string) => console.error(title, body), showSaveDialog: async () => ({ canceled: true }) },
    shell: { openPath: async () => '' },
    // A keyring stand-in: reversible, and no password readable in what it returns.
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (text: string) => Buffer.from(text, 'utf8').map((b) => b ^ 0x5a),
      decryptString: (data: Buffer) => Buffer.from(data.map((b) => b ^ 0x5a)).toString('utf8'),
    },
  };
});

const workspace = await mkdtemp(path.join(os.tmpdir(), 'leenet-main-'));
process.env.LEENET_WORKSPACE = workspace;
await import('./main');
await vi.waitFor(() => expect(fake.windows).toHaveLength(1));

afterAll(() => rm(workspace, { recursive: true, force: true }));

describe('Electron main, wired with a stand-in electron module', () => {
  it('opens one sandboxed window on the built page with the built preload', () => {
    const [window] = fake.windows;
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(prefs.preload).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    expect(window.url).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
    expect(fake.appEvents.has('web-contents-created')).toBe(true);
    expect(fake.headers && fake.permissions).toBe(true);
    expect(fake.menu).toEqual(expect.arrayContaining([expect.objectContaining({ label: 'File' })]));
  });

  it('serves every channel to the window it created, and refuses anyone else', async () => {
    expect([...fake.handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    const validate = fake.handlers.get('config:validate')!;
    const sender = (id: number): SenderInfo => ({ sender: { id }, senderFrame: { url: fake.windows[0].url, parent: null } });
    const answer = (await validate(sender(fake.windows[0].contents.id), { config: { dataset: 'mnist', backbone: 'mnist-small', alphas: [0] } })) as Envelope<{
      ok: boolean;
    }>;
    expect(answer).toMatchObject({ ok: true, value: { ok: true } });
    await expect(validate(sender(999), { config: {} })).rejects.toThrow(/not the app's window/);
  });

  it('saves a queue password through the OS keyring: the window keeps the URL without it, the file holds none', async () => {
    const sender: SenderInfo = { sender: { id: fake.windows[0].contents.id }, senderFrame: { url: fake.windows[0].url, parent: null } };
    const answer = (await fake.handlers.get('queue:remember')!(sender, { url: 'redis://:keyring-secret@gpu:6379' })) as Envelope<{ url: string }>;
    expect(answer).toMatchObject({ ok: true, value: { url: 'redis://:***@gpu:6379' } });
    const saved = await readFile(path.join(workspace, PASSWORDS_FILE), 'utf8');
    expect(JSON.parse(saved)).toMatchObject({ passwords: { 'redis://gpu:6379': { encrypted: true } } });
    expect(saved).not.toContain('keyring-secret');
  });
});
