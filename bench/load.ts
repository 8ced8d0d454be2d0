/**
 * `npm run bench:load`: browser mode under load on 127.0.0.1. A real server with the real worker streams a small
 * sweep while CLIENTS sockets call `runs:list` and `runs:samples` as fast as they are answered for SECONDS; prints
 * requests per second, the p50/p99 latency and the errors (there should be none).
 * Options: LOAD_CLIENTS (default 50), LOAD_SECONDS (default 20).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { sweepConfigSchema } from '../src-main/engine/config';
import { runSweep } from '../src-main/engine/sweep/run-sweep';
import { startServer } from '../src-main/server/start-server';
import type { WireReply } from '../src-shared/api/wire';

const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);

const workspace = await mkdtemp(path.join(os.tmpdir(), 'leenet-load-'));
const renderer = await mkdtemp(path.join(os.tmpdir(), 'leenet-load-ui-'));
// A finished run to page samples of, then a server over the workspace.
const finished = await runSweep(sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 1], limit: 1000 }), { workspace, backend: 'wasm' });
const server = await startServer({ workspace, rendererDir: renderer, port: 0 });
const origin = { Origin: `http://127.0.0.1:${server.port}` };
const url = `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;

const latencies: number[] = [];
let errors = 0;
let done = false;

async function client(k: number): Promise<void> {
  const ws = new WebSocket(url, { headers: origin });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const pending = new Map<number, number>();
  let id = 0;
  const next = () => {
    if (done) return;
    id++;
    pending.set(id, performance.now());
    const request = id % 2 ? { id, channel: 'runs:list' } : { id, channel: 'runs:samples', params: { runId: finished.runId, alphaIndex: 0, offset: (k * 24) % 900, limit: 24 } };
    ws.send(JSON.stringify(request));
  };
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as WireReply | { event: string };
    if (!('id' in frame)) return;
    latencies.push(performance.now() - pending.get(frame.id)!);
    pending.delete(frame.id);
    if (!frame.envelope.ok) errors++;
    next();
  });
  ws.on('error', () => errors++);
  next();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  ws.close();
}

// A sweep streams its events to every client meanwhile, through the server's own queue.
const streamer = new WebSocket(url, { headers: origin });
await new Promise((resolve) => streamer.once('open', resolve));
streamer.send(JSON.stringify({ id: 1, channel: 'run:start', params: { config: { dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 0.5, 1], limit: 3000 } } }));
const started = performance.now();
await Promise.all(Array.from({ length: CLIENTS }, (_, k) => client(k)));
done = true;
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
console.log(`${CLIENTS} clients for ${seconds.toFixed(1)} s while a sweep streams: ${(latencies.length / seconds).toFixed(0)} requests/s, p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, ${errors} errors`);
streamer.close();
await server.close();
await rm(workspace, { recursive: true, force: true });
await rm(renderer, { recursive: true, force: true });
if (errors > 0) process.exitCode = 1;
