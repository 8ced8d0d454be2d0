import { createApi, type LeenetApi } from '@api/client';
import { WS_PATH } from '@api/wire';
import { createWsTransport, type WsTransportOptions } from './ws-transport';

export type TransportKind = 'electron' | 'websocket';

export interface Connection {
  api: LeenetApi;
  transport: TransportKind;
  /** Connection state for the WebSocket; Electron's IPC never drops. */
  onStatus(listener: (connected: boolean) => void): () => void;
}

/**
 * Picks the transport by what is present: the preload bridge in Electron, otherwise the browser-mode WebSocket on
 * the page's own host, with the token the page was opened with.
 */
export function connect(win: Pick<Window, 'leenet' | 'location'>, options?: WsTransportOptions): Connection {
  if (win.leenet) return { api: win.leenet, transport: 'electron', onStatus: () => () => undefined };
  const page = new URL(win.location.href);
  const token = page.searchParams.get('token');
  const scheme = page.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${page.host}${WS_PATH}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const transport = createWsTransport(url, options);
  return { api: createApi(transport), transport: 'websocket', onStatus: transport.onStatus };
}
