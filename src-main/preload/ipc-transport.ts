import { isEventChannel, isRequestChannel } from '../../src-shared/api/channels';
import type { Transport } from '../../src-shared/api/client';
import { isEnvelope, type Envelope } from '../../src-shared/api/envelope';

/** The parts of `ipcRenderer` the bridge uses, so tests can hand in a fake. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * The contract over Electron IPC. Channel names are checked again here, so even a page script holding the bridge
 * cannot reach an IPC channel outside the contract; the raw `ipcRenderer` never leaves the preload.
 */
export function createIpcTransport(ipc: IpcRendererLike): Transport {
  return {
    async invoke(channel, params) {
      if (!isRequestChannel(channel)) return { ok: false, error: { message: `Unknown request "${String(channel)}".` } };
      const reply = await ipc.invoke(channel, params);
      return isEnvelope(reply) ? (reply as Envelope<unknown>) : { ok: false, error: { message: `Malformed reply to ${channel}.` } };
    },
    subscribe(channel, listener) {
      if (!isEventChannel(channel)) throw new Error(`Unknown event "${String(channel)}".`);
      // The IPC event object (with its `sender`) stays here; the page only ever sees the payload.
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, forward);
      return () => void ipc.removeListener(channel, forward);
    },
  };
}
