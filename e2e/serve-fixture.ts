import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Served {
  url: string;
  origin: string;
  workspace: string;
  stop(): Promise<void>;
}

/**
 * `npm run serve` as a user runs it, on a fresh workspace (a copy of `seedFrom`'s runs, if given); resolves with the
 * URL it prints.
 */
export async function serve(seedFrom?: string): Promise<Served> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'leenet-e2e-'));
  if (seedFrom) await cp(seedFrom, workspace, { recursive: true });
  // Its own cache too: the e2e clears the feature cache, which must never be the user's.
  const cache = await mkdtemp(path.join(os.tmpdir(), 'leenet-e2e-cache-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '--workspace', workspace], {
    cwd: root,
    env: { ...process.env, LEENET_CACHE: cache },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`leenet serve exited with ${code}: ${out}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    workspace,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      await rm(workspace, { recursive: true, force: true });
      await rm(cache, { recursive: true, force: true });
    },
  };
}
