import type { EventChannel } from './channels';
import type { Envelope } from './envelope';

/** The WebSocket's JSON frames: the browser's stand-in for Electron's `invoke` and `send`. */
export interface WireRequest {
  id: number;
  channel: string;
  params?: unknown;
}

export interface WireReply {
  id: number;
  envelope: Envelope<unknown>;
}

export interface WireEvent {
  event: EventChannel;
  payload: unknown;
}

export const WS_PATH = '/ws';

export function parseWireRequest(text: string): WireRequest | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  if (!('id' in data) || typeof data.id !== 'number' || !Number.isSafeInteger(data.id)) return null;
  if (!('channel' in data) || typeof data.channel !== 'string') return null;
  return { id: data.id, channel: data.channel, params: 'params' in data ? data.params : undefined };
}
