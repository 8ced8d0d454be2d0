import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const LEENET = path.resolve(import.meta.dirname, '../../../bin/leenet.mjs');

export interface WorkerProcess {
  pid: number;
  /** Everything it wrote to stderr so far (its log). */
  log(): string;
  /** Resolves with the log line matching `pattern` (now or later); rejects when the process ends first. */
  waitFor(pattern: RegExp): Promise<string>;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<number | null>;
}

/** A real `leenet worker` process, as a lab would start one on each machine. */
export function startWorker(args: string[], env: NodeJS.ProcessEnv = {}): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, [LEENET, 'worker', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  const waiters = new Set<() => void>();
  child.stderr!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    waiters.forEach((w) => w());
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid!,
    log: () => text,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = text.split('\n').find((l) => pattern.test(l));
          if (line === undefined) return;
          waiters.delete(check);
          resolve(line);
        };
        waiters.add(check);
        check();
        void exited.then((code) => {
          waiters.delete(check);
          reject(new Error(`The worker exited (${code}) before logging ${pattern}:\n${text}`));
        });
      });
    },
    kill: (signal) => child.kill(signal),
    exited,
  };
}
