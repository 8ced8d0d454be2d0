import { spawn } from 'node:child_process';

/** The platform's "open this URL" command, or null where there is no desktop to open it on. */
export function browserCommand(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): [string, string[]] | null {
  if (platform === 'darwin') return ['open', []];
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""']];
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null;
  return ['xdg-open', []];
}

/** Best effort: says whether a browser was asked to open the URL; never throws. */
export async function openInBrowser(url: string): Promise<boolean> {
  const command = browserCommand();
  if (!command) return false;
  return new Promise((resolve) => {
    const child = spawn(command[0], [...command[1], url], { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
