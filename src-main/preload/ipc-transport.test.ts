import { describe, expect, expectTypeOf, it } from 'vitest';
import { createApi, type LeenetApi } from '../../src-shared/api/client';
import type { RunEvent } from '../../src-shared/api/events';
import { createIpcTransport, type IpcRendererLike } from './ipc-transport';
import type { PreloadApi } from './index';

/** A fake ipcRenderer: invokes go to `reply`, `emit` plays the main process sending an event. */
function fakeIpc(reply: (channel: string, params: unknown) => unknown) {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, params) => reply(channel, params),
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l({ sender: 'secret' }, payload));
  return { ipc, emit, listeners };
}

describe('the preload bridge', () => {
  it('is typed from the code: window.leenet is exactly the contract client', () => {
    expectTypeOf<PreloadApi>().toEqualTypeOf<LeenetApi>();
  });

  it('invokes contract channels and unwraps their envelopes', async () => {
    const calls: [string, unknown][] = [];
    const { ipc } = fakeIpc((channel, params) => {
      calls.push([channel, params]);
      return { ok: true, value: { stopping: true } };
    });
    const api = createApi(createIpcTransport(ipc));
    expect(await api.stopRun({ runId: 'r1' })).toEqual({ stopping: true });
    expect(calls).toEqual([['run:stop', { runId: 'r1' }]]);
  });

  it('refuses channels outside the contract and malformed replies', async () => {
    const { ipc } = fakeIpc(() => 'not an envelope');
    const transport = createIpcTransport(ipc);
    expect(await transport.invoke('shell:openExternal' as never, 'https://evil.example')).toEqual({
      ok: false,
      error: { message: 'Unknown request "shell:openExternal".' },
    });
    await expect(createApi(transport).listRuns()).rejects.toThrow('Malformed reply to runs:list.');
    expect(() => transport.subscribe('ipc:anything' as never, () => undefined)).toThrow(/Unknown event/);
  });

  it('passes only the payload to subscribers and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc(() => null);
    const api = createApi(createIpcTransport(ipc));
    const seen: unknown[][] = [];
    const off = api.onRunEvent((...args: unknown[]) => seen.push(args));
    const event: RunEvent = { type: 'started', runId: 'r1' };
    emit('event:run', event);
    off();
    emit('event:run', event);
    expect(seen).toEqual([[event]]);
    expect(listeners.get('event:run')?.size).toBe(0);
  });
});
