import { describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS } from '../../src-shared/api/channels';
import type { Handlers } from '../../src-shared/api/dispatch';
import type { Envelope } from '../../src-shared/api/envelope';
import { createFrameGuard, type SenderInfo } from './frame-guard';
import { registerDomain, registerIpcHandlers, type IpcMainLike } from './ipc-handlers';

const APP = 'file:///opt/leenet/resources/app.asar/out/renderer/index.html';

/** ipcMain as a map of channel → listener, like Electron keeps it (one handler per channel, or it throws). */
function fakeIpcMain() {
  const handlers = new Map<string, (event: SenderInfo, params: unknown) => Promise<Envelope<unknown>>>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

function services(): Handlers {
  const canned = Object.fromEntries(REQUEST_CHANNELS.map((c) => [c, async () => `answer of ${c}`])) as unknown as Handlers;
  return { ...canned, 'run:stop': async ({ runId }) => ({ stopping: runId === 'r1' }) };
}

function window(id: number) {
  return { id, once: () => undefined };
}

const from = (id: number, url = APP, parent: unknown = null): SenderInfo => ({ sender: { id }, senderFrame: { url, parent } });

describe('Electron IPC handlers', () => {
  it('registers every channel of the contract, domain by domain, and removes them again', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const dispose = registerIpcHandlers(ipcMain, services(), () => true);
    expect([...handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    dispose();
    expect(handlers.size).toBe(0);
    const disposeRuns = registerDomain(ipcMain, 'runs', services(), () => true);
    expect([...handlers.keys()].sort()).toEqual(['runs:budget', 'runs:delete', 'runs:examples', 'runs:exit-stats', 'runs:get', 'runs:list', 'runs:losses', 'runs:rename', 'runs:samples']);
    disposeRuns();
  });

  it('answers the app window with envelopes, parameters checked', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const guard = createFrameGuard(APP);
    guard.trust(window(1));
    registerIpcHandlers(ipcMain, services(), guard.isTrusted);
    const stop = handlers.get('run:stop')!;
    expect(await stop(from(1), { runId: 'r1' })).toEqual({ ok: true, value: { stopping: true } });
    expect(await stop(from(1, `${APP}#/runs`), { runId: 'r1' })).toEqual({ ok: true, value: { stopping: true } });
    expect(await stop(from(1), { runId: 42 })).toMatchObject({ ok: false, error: { fields: { runId: expect.any(String) } } });
  });

  it('drops calls from frames the app did not create', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const guard = createFrameGuard(APP);
    guard.trust(window(1));
    const refused: string[] = [];
    registerIpcHandlers(ipcMain, services(), guard.isTrusted, (channel, event) => refused.push(`${channel} ${event.senderFrame?.url}`));
    const list = handlers.get('runs:list')!;
    await expect(list(from(2), undefined)).rejects.toThrow(/not the app's window/);
    await expect(list(from(1, APP, { url: APP }), undefined)).rejects.toThrow(/not the app's window/);
    await expect(list(from(1, 'https://evil.example/'), undefined)).rejects.toThrow(/not the app's window/);
    await expect(list(from(1, 'file:///tmp/other.html'), undefined)).rejects.toThrow(/not the app's window/);
    await expect(list({ sender: { id: 1 }, senderFrame: null }, undefined)).rejects.toThrow(/not the app's window/);
    expect(refused).toHaveLength(5);
  });

  it('forgets a window once it is destroyed', () => {
    const guard = createFrameGuard('http://localhost:5173/');
    let destroyed: () => void = () => undefined;
    guard.trust({ id: 7, once: (_event, listener) => (destroyed = listener) });
    expect(guard.isTrusted(from(7, 'http://localhost:5173/index.html'))).toBe(true);
    expect(guard.owns({ id: 7 })).toBe(true);
    destroyed();
    expect(guard.isTrusted(from(7, 'http://localhost:5173/'))).toBe(false);
  });
});
