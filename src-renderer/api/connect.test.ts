import { describe, expect, it } from 'vitest';
import { createApi } from '@api/client';
import { connect } from './connect';
import type { SocketLike } from './ws-transport';

describe('connect', () => {
  it('uses the preload bridge when Electron put one there', () => {
    const bridge = createApi({ invoke: async () => ({ ok: true, value: null }), subscribe: () => () => undefined });
    const connection = connect({ leenet: bridge, location: { href: 'file:///app/index.html' } as Location });
    expect(connection.transport).toBe('electron');
    expect(connection.api).toBe(bridge);
  });

  it('otherwise opens the WebSocket on the page host with the page token', () => {
    const urls: string[] = [];
    const connection = connect(
      { location: { href: 'http://127.0.0.1:8123/?token=a%2Bb' } as Location },
      {
        createSocket: (url) => {
          urls.push(url);
          return { readyState: 0, send: () => undefined, close: () => undefined } as unknown as SocketLike;
        },
      },
    );
    expect(connection.transport).toBe('websocket');
    expect(urls).toEqual(['ws://127.0.0.1:8123/ws?token=a%2Bb']);
  });
});
