import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where trained backbones are cached: `$LEENET_CACHE`, else the platform's cache folder. */
export function defaultCacheDir(): string {
  if (process.env.LEENET_CACHE) return process.env.LEENET_CACHE;
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'leenet-workbench');
  if (process.platform === 'win32') return path.join(process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'leenet-workbench', 'cache');
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'leenet-workbench');
}

/** The project's `resources/` folder (`$LEENET_RESOURCES` where a packaged app keeps it elsewhere). */
export function resourcesDir(): string {
  if (process.env.LEENET_RESOURCES) return process.env.LEENET_RESOURCES;
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'resources');
}
