import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunEvent } from '../../src-shared/api/events';
import type { WireEvent, WireReply } from '../../src-shared/api/wire';
import { ScriptedWorker } from '../host/fixtures/scripted-worker';
import type { HostServices } from '../host/host-services';
import { createHostServices } from '../host/services';
import { startServer, type RunningServer } from './start-server';

let dir: string;
let services: HostServices;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'leenet-server-'));
  const rendererDir = path.join(dir, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>LEENet</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the renderer');
  services = createHostServices({ workspace: path.join(dir, 'runs'), host: 'browser', version: '0.0.0', worker: new ScriptedWorker() });
  server = await startServer({ services, rendererDir, port: 0 });
});

afterAll(async () => {
  await server.close();
  await services.close();
  await rm(dir, { recursive: true, force: true });
});

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const wsUrl = (query: string) => `ws://127.0.0.1:${server.port}/ws${query}`;

describe('browser-mode server on 127.0.0.1', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with the token, then by cookie, with a strict CSP', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    const cookie = page.headers.get('set-cookie')!.split(';')[0];
    expect(cookie).toBe(`leenet_token=${server.token}`);
    const asset = await fetch(`http://127.0.0.1:${server.port}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('refuses HTTP without the token, with a wrong token, and paths out of the renderer folder', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${server.port}/assets/app.js`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${server.port}/?token=${'x'.repeat(server.token.length)}`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${server.port}/..%2Fsecret.txt?token=${server.token}`)).status).toBe(404);
  });

  it('refuses a WebSocket upgrade without the token or from another origin', async () => {
    await expect(connect(wsUrl(''))).rejects.toThrow('HTTP 403');
    await expect(connect(wsUrl('?token=nope'))).rejects.toThrow('HTTP 403');
    await expect(connect(wsUrl(`?token=${server.token}`), { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('answers a request and pushes a run’s events over a real socket', async () => {
    const ws = await connect(wsUrl(`?token=${server.token}`), { Origin: `http://127.0.0.1:${server.port}` });
    const replies = new Map<number, WireReply>();
    const events: RunEvent[] = [];
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as WireReply | WireEvent;
      if ('id' in frame) replies.set(frame.id, frame);
      else if (frame.event === 'event:run') events.push(frame.payload as RunEvent);
    });
    const ask = async (id: number, channel: string, params?: unknown) => {
      ws.send(JSON.stringify({ id, channel, params }));
      for (let i = 0; i < 200 && !replies.has(id); i++) await new Promise((r) => setTimeout(r, 10));
      return replies.get(id)!.envelope;
    };
    expect(await ask(1, 'app:info')).toMatchObject({ ok: true, value: { host: 'browser', backend: { name: 'fake' } } });
    const started = await ask(2, 'run:start', { config: { dataset: 'mnist', backbone: 'mnist-small', alphas: [0] } });
    expect(started).toMatchObject({ ok: true, value: { position: 0 } });
    for (let i = 0; i < 200 && !events.some((e) => e.type === 'finished'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(events.map((e) => e.type)).toEqual(['queued', 'started', 'phase', 'progress', 'point', 'finished']);
    expect(await ask(3, 'fs:read', { path: '/etc/passwd' })).toEqual({ ok: false, error: { message: 'Unknown request "fs:read".' } });

    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1003);
  });

  it('survives an oversized frame, a burst of requests and many connections at once', async () => {
    const origin = { Origin: `http://127.0.0.1:${server.port}` };
    const open = () => connect(wsUrl(`?token=${server.token}`), origin);
    /** Sends `count` requests at once on one socket and resolves with the ids answered. */
    const burst = (ws: WebSocket, count: number, channel: string) =>
      new Promise<Set<number>>((resolve) => {
        const answered = new Set<number>();
        ws.on('message', (data) => {
          const frame = JSON.parse(data.toString()) as WireReply | WireEvent;
          if ('id' in frame && frame.envelope.ok) answered.add(frame.id);
          if (answered.size === count) resolve(answered);
        });
        for (let id = 1; id <= count; id++) ws.send(JSON.stringify({ id, channel }));
      });

    // Above the 64 MB frame limit: that socket is closed (1009, message too big), nothing else is.
    const big = await open();
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send(JSON.stringify({ id: 1, channel: 'runs:list', params: 'x'.repeat(65 * 1024 * 1024) }));
    expect(await closed).toBe(1009);

    const one = await open();
    expect((await burst(one, 300, 'runs:list')).size).toBe(300);
    one.close();

    const many = await Promise.all(Array.from({ length: 40 }, open));
    const answers = await Promise.all(many.map((ws) => burst(ws, 5, 'app:info')));
    expect(answers.every((a) => a.size === 5)).toBe(true);
    many.forEach((ws) => ws.close());
  }, 60_000);
});
