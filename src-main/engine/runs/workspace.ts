import os from 'node:os';
import path from 'node:path';

/** `$LEENET_WORKSPACE`, else the platform's per-user data folder. */
export function defaultWorkspace(): string {
  if (process.env.LEENET_WORKSPACE) return process.env.LEENET_WORKSPACE;
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'leenet-workbench', 'runs');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'leenet-workbench', 'runs');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'leenet-workbench', 'runs');
}
