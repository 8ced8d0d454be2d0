import { REQUESTS, type RequestDomain } from '../../src-shared/api/channels';
import { dispatchRequest, type Handlers } from '../../src-shared/api/dispatch';
import type { Envelope } from '../../src-shared/api/envelope';
import type { SenderInfo } from './frame-guard';

/** The parts of `ipcMain` used here, so the handlers are tested as plain functions without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderInfo, params: unknown) => Promise<Envelope<unknown>>): void;
  removeHandler(channel: string): void;
}

/** Registers one domain's channels; returns what removes them again. */
export function registerDomain(
  ipcMain: IpcMainLike,
  domain: RequestDomain,
  handlers: Handlers,
  isTrusted: (event: SenderInfo) => boolean,
  onRefused: (channel: string, event: SenderInfo) => void = () => undefined,
): () => void {
  const channels: string[] = Object.values(REQUESTS[domain]);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, params) => {
      if (!isTrusted(event)) {
        onRefused(channel, event);
        throw new Error(`Refused ${channel}: the sender is not the app's window.`);
      }
      return dispatchRequest(handlers, channel, params);
    });
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}

/** Every domain of the contract, each registered on its own; returns what removes them all. */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  isTrusted: (event: SenderInfo) => boolean,
  onRefused?: (channel: string, event: SenderInfo) => void,
): () => void {
  const disposers = (Object.keys(REQUESTS) as RequestDomain[]).map((domain) => registerDomain(ipcMain, domain, handlers, isTrusted, onRefused));
  return () => disposers.forEach((dispose) => dispose());
}
