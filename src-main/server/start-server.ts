import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { WS_PATH } from '../../src-shared/api/wire';
import { createAppServices } from '../host/app-services';
import type { HostServices } from '../host/host-services';
import { APP_VERSION } from '../host/app-version';
import { SECURITY_HEADERS } from './security-headers';
import { resolveStatic, sendFile } from './static-files';
import { newToken, requestToken, TOKEN_COOKIE, tokenMatches } from './token';
import { serveConnection } from './ws-connection';
import { errorMessage } from '../engine/util/error-message';

export interface ServerOptions {
  /** The folder of runs; the server then runs its own services (and training worker) over it. */
  workspace?: string;
  /** Services to serve instead (tests, or a host that already has them); the caller then closes them. */
  services?: HostServices;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Only loopback by default: the token keeps other local users out, the bind keeps the network out. */
  host?: string;
  /** Fixed token (tests); a fresh random one otherwise. */
  token?: string;
}

export interface RunningServer {
  /** Open this: it carries the token. */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** Large enough for a chart exported as a PNG data URL. */
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

function requireWorkspace(options: ServerOptions): string {
  if (!options.workspace) throw new Error('startServer needs a workspace or services.');
  return options.workspace;
}

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  res.end(text);
}

/** Browser mode: the built renderer and the contract over a WebSocket, both behind one random token. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const ownServices = options.services ? null : createAppServices({ workspace: requireWorkspace(options), host: 'browser', version: APP_VERSION });
  const services = options.services ?? ownServices!;
  const token = options.token ?? newToken();
  const host = options.host ?? '127.0.0.1';
  const root = path.resolve(options.rendererDir);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  let origin = '';

  const http = createServer((req, res) => {
    void handleHttp(req, res).catch((e: unknown) => {
      if (!res.headersSent) refuse(res, 500, errorMessage(e));
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (!tokenMatches(requestToken(url, req.headers.cookie), token)) return refuse(res, 403, 'Forbidden: open the URL with its token.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    const file = await resolveStatic(root, url.pathname);
    if (!file) return refuse(res, 404, 'Not found.');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    // Assets the page loads carry no token; the cookie (this origin only, never sent cross-site) admits them.
    res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    await sendFile(res, file);
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', origin);
    const sameOrigin = req.headers.origin === undefined || req.headers.origin === origin;
    if (url.pathname !== WS_PATH || !sameOrigin || !tokenMatches(requestToken(url, req.headers.cookie), token)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, services));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    token,
    port,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await ownServices?.close();
    },
  };
}
