import { execFile } from 'node:child_process';
import path from 'node:path';

const LEENET = path.resolve(import.meta.dirname, '../../../bin/leenet.mjs');

/** The real `leenet` command, as a user types it: resolves with what it printed, rejects with its stderr on failure. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [LEENET, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve({ stdout, stderr })));
  });
}
