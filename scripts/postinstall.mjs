// Electron's own download is skipped by `allowScripts` (it cannot reach its host on every machine);
// try it here and only warn, so `npm install` succeeds everywhere and `npm start` can fall back to browser mode.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
let installScript;
try {
  installScript = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
} catch {
  process.exit(0);
}
if (!existsSync(installScript)) process.exit(0);
const result = spawnSync(process.execPath, [installScript], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000, encoding: 'utf8' });
if (result.status !== 0 || result.error) {
  // The first line of its error says why (offline, proxy, disk); the stack below it never helps here.
  const cause = (result.error?.message ?? result.stderr ?? '').split('\n').find((line) => line.trim() !== '')?.trim();
  console.warn(
    `leenet: Electron's binary could not be downloaded${cause ? ` (${cause})` : ''}; \`npm start\` will open browser mode instead. ` +
      `Retry with \`node ${path.relative(process.cwd(), installScript)}\` once online.`,
  );
}
