import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '@api/client';
import type { RunEvent } from '@api/events';
import { createWsTransport, type SocketLike } from './ws-transport';

/** A socket the test drives: `open()`, `reply()`, `drop()`; `sent` holds what the client wrote. */
class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: { id: number; channel: string; params?: unknown }[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  push(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

const make = () => createWsTransport('ws://127.0.0.1:9/ws?token=t', { createSocket: (url) => new FakeSocket(url), retryMs: 100 });

describe('createWsTransport', () => {
  it('queues requests until the socket opens and matches replies by id', async () => {
    const api = createApi(make());
    const socket = FakeSocket.all[0];
    expect(socket.url).toBe('ws://127.0.0.1:9/ws?token=t');
    const runs = api.listRuns();
    const stop = api.stopRun({ runId: 'r1' });
    expect(socket.sent).toEqual([]);
    socket.open();
    expect(socket.sent).toEqual([
      { id: 1, channel: 'runs:list' },
      { id: 2, channel: 'run:stop', params: { runId: 'r1' } },
    ]);
    socket.push({ id: 2, envelope: { ok: true, value: { stopping: false } } });
    socket.push({ id: 1, envelope: { ok: false, error: { message: 'disk gone' } } });
    expect(await stop).toEqual({ stopping: false });
    await expect(runs).rejects.toThrow('disk gone');
  });

  it('delivers events to subscribers, across a reconnect, until they unsubscribe', () => {
    const transport = make();
    const statuses: boolean[] = [];
    transport.onStatus((up) => statuses.push(up));
    const seen: RunEvent[] = [];
    const off = createApi(transport).onRunEvent((e) => seen.push(e));
    FakeSocket.all[0].open();
    FakeSocket.all[0].push({ event: 'event:run', payload: { type: 'started', runId: 'a' } });
    FakeSocket.all[0].drop();
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1].open();
    FakeSocket.all[1].push({ event: 'event:run', payload: { type: 'started', runId: 'b' } });
    off();
    FakeSocket.all[1].push({ event: 'event:run', payload: { type: 'started', runId: 'c' } });
    expect(seen.map((e) => e.runId)).toEqual(['a', 'b']);
    expect(statuses).toEqual([true, false, true]);
  });

  it('fails requests in flight when the connection drops, and stops reconnecting once closed', async () => {
    const transport = make();
    FakeSocket.all[0].open();
    const pending = createApi(transport).listRuns();
    FakeSocket.all[0].drop();
    await expect(pending).rejects.toThrow(/connection to the workbench was lost/);
    vi.advanceTimersByTime(100);
    transport.close();
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(2);
  });
});
