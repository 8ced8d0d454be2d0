import type { EventChannel } from '@api/channels';
import type { Transport } from '@api/client';
import type { Envelope } from '@api/envelope';
import type { WireReply, WireEvent } from '@api/wire';

/** The parts of the DOM `WebSocket` used, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

const OPEN = 1;

export interface WsTransport extends Transport {
  /** Connection state changes (the UI shows a banner while it is down); returns the unsubscribe. */
  onStatus(listener: (connected: boolean) => void): () => void;
  close(): void;
}

export interface WsTransportOptions {
  createSocket?: (url: string) => SocketLike;
  /** First reconnect delay; doubles up to 5 s. */
  retryMs?: number;
}

/**
 * The contract over the browser-mode WebSocket. Requests made while connecting wait for the socket; requests in
 * flight when it drops fail at once (the UI may retry); subscriptions outlive reconnects.
 */
export function createWsTransport(url: string, options: WsTransportOptions = {}): WsTransport {
  const createSocket = options.createSocket ?? ((u: string) => new WebSocket(u) as unknown as SocketLike);
  const firstRetry = options.retryMs ?? 500;
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const outbox: string[] = [];
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(connected: boolean) => void>();
  let nextId = 1;
  let retry = firstRetry;
  let closed = false;
  let socket: SocketLike;

  const setStatus = (connected: boolean) => statusListeners.forEach((l) => l(connected));

  const onFrame = (text: string) => {
    let frame: WireReply | WireEvent;
    try {
      frame = JSON.parse(text) as WireReply | WireEvent;
    } catch {
      return;
    }
    if ('id' in frame) {
      pending.get(frame.id)?.(frame.envelope);
      pending.delete(frame.id);
    } else if ('event' in frame) {
      listeners.get(frame.event)?.forEach((l) => l(frame.payload));
    }
  };

  const open = () => {
    socket = createSocket(url);
    socket.onopen = () => {
      retry = firstRetry;
      setStatus(true);
      for (const frame of outbox.splice(0)) socket.send(frame);
    };
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') onFrame(event.data);
    };
    socket.onclose = () => {
      for (const [id, resolve] of pending) {
        resolve({ ok: false, error: { message: 'The connection to the workbench was lost; try again.' } });
        pending.delete(id);
      }
      if (closed) return;
      setStatus(false);
      setTimeout(open, retry);
      retry = Math.min(retry * 2, 5000);
    };
  };
  open();

  return {
    invoke(channel, params) {
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        const frame = JSON.stringify({ id, channel, params });
        if (socket.readyState === OPEN) socket.send(frame);
        else outbox.push(frame);
      });
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set.add(listener));
      return () => void set.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    },
    close() {
      closed = true;
      socket.close();
    },
  };
}
