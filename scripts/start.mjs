// `npm start`: the desktop window where Electron can run, otherwise browser mode — saying which, and why, in one line.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const passThrough = process.argv.slice(2);

/** Why Electron cannot open a window here, or null when it can. */
function whyNoElectron() {
  let binary;
  try {
    binary = require('electron');
  } catch {
    return 'the Electron binary is not installed (its download failed or was skipped)';
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return `the Electron binary is missing (${binary})`;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY is unset)';
  return null;
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const reason = whyNoElectron();
if (!reason) {
  run(process.execPath, [electronVite, 'preview', ...passThrough]);
} else {
  console.log(`leenet: ${reason} — starting browser mode instead.`);
  const build = spawnSync(process.execPath, [electronVite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'serve.ts'), '--open', ...passThrough]);
}
