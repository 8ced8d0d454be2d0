import os from 'node:os';
import path from 'node:path';

export interface WorkspaceEnv {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/**
 * `$LEENET_WORKSPACE`, else the platform's per-user data folder. Empty variables count as unset, as XDG says.
 * Absolute, so the worker, the CLI and the app agree whatever their working folders.
 */
export function defaultWorkspace({ env = process.env, platform = process.platform, home = os.homedir() }: WorkspaceEnv = {}): string {
  if (env.LEENET_WORKSPACE) return path.resolve(env.LEENET_WORKSPACE);
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (platform === 'darwin') return p.join(home, 'Library', 'Application Support', 'leenet-workbench', 'runs');
  if (platform === 'win32') return p.join(env.APPDATA || p.join(home, 'AppData', 'Roaming'), 'leenet-workbench', 'runs');
  return p.join(env.XDG_DATA_HOME || p.join(home, '.local', 'share'), 'leenet-workbench', 'runs');
}
