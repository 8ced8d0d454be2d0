import { printedHelp } from './command-args';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultWorkspace } from '../engine/runs/workspace';
import { openInBrowser } from '../server/open-browser';
import { startServer } from '../server/start-server';
import { UsageError } from './usage-error';

export const SERVE_USAGE = `leenet serve [--port N] [--workspace DIR] [--renderer DIR] [--open]

Serves the workbench to a browser on 127.0.0.1 (use an SSH tunnel to reach it from another machine).
The printed URL carries a random token; requests without it are refused.`;

export interface ServeArgs {
  port: number;
  workspace: string;
  rendererDir: string;
  open: boolean;
}

const repoRenderer = () => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'out', 'renderer');

export function parseServeArgs(argv: string[]): ServeArgs {
  const args: ServeArgs = { port: 0, workspace: defaultWorkspace(), rendererDir: repoRenderer(), open: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535.');
        args.port = port;
        break;
      }
      case '--workspace':
        args.workspace = path.resolve(value());
        break;
      case '--renderer':
        args.rendererDir = path.resolve(value());
        break;
      case '--open':
        args.open = true;
        break;
      default:
        throw new UsageError(`Unknown option ${flag} (see: leenet serve --help).`);
    }
  }
  return args;
}

/** `leenet serve`: runs until Ctrl-C, then stops a running job cleanly so its run folder stays consistent. */
export async function serveCommand(argv: string[]): Promise<number> {
  if (printedHelp(argv, SERVE_USAGE)) return 0;
  const args = parseServeArgs(argv);
  if (!existsSync(path.join(args.rendererDir, 'index.html'))) {
    throw new UsageError(`No built renderer in ${args.rendererDir}: run \`npm run build\` first (\`npm start\` does it for you).`);
  }
  await mkdir(args.workspace, { recursive: true });
  const server = await startServer({ workspace: args.workspace, rendererDir: args.rendererDir, port: args.port, host: '127.0.0.1' });
  process.stdout.write(`LEENet workbench: ${server.url}\nRuns in ${args.workspace}. Ctrl-C to stop.\n`);
  if (args.open && !(await openInBrowser(server.url))) {
    process.stdout.write('No browser can be opened here (no display): open the URL above in yours, through an SSH tunnel if remote.\n');
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write('Stopping…\n');
  await server.close();
  return 0;
}
