import path from 'node:path';
import { parseQueueUrl } from '../../src-shared/api/queue-url';
import { defaultCacheDir } from '../engine/util/paths';
import { startQueueWorker } from '../queue/queue-worker';
import { parseCommandArgs, positiveInt, printedHelp } from './command-args';
import { UsageError } from './usage-error';

export const WORKER_USAGE = `leenet worker [--queue URL] [--concurrency N] [--workspace DIR] [--cache-dir DIR] [--backend NAME] [--lock-seconds N]
  Runs sweeps submitted to a Redis queue (leenet sweep --queue URL, or "Run on" in the workbench) on this machine,
  with the same engine as local runs, until stopped. URL: redis://[:password@]host[:port][/db], rediss:// for TLS
  (a lab CA goes in NODE_EXTRA_CA_CERTS). Without --queue, $LEENET_QUEUE: a URL with a password stays out of
  the process list and the shell history (a systemd EnvironmentFile only root can read).
  --concurrency N     jobs at once, each on its own engine thread (default 1; one per GPU is a good start)
  --workspace DIR     this worker's copies of the runs it works on, on its own disk (default: worker-runs in
                      the platform cache folder, $LEENET_CACHE);
                      finished runs go home to the workspace that submitted them
  --cache-dir DIR     trained backbones and feature stores: give every worker the same shared path (NFS) so
                      one feature pass serves them all and feature shards land in one store
  --backend NAME      auto, node-gpu, node, wasm or cpu (default: $LEENET_BACKEND or auto)
  --lock-seconds N    how long a worker that stops answering keeps its job before another takes it over (default 30)
  SIGTERM or Ctrl-C: running jobs stop after their current batch and go back to the queue with their state, for
  another worker to resume; a second Ctrl-C quits at once.`;

const OPTIONS = {
  queue: { type: 'string' },
  concurrency: { type: 'string' },
  workspace: { type: 'string' },
  'cache-dir': { type: 'string' },
  backend: { type: 'string' },
  'lock-seconds': { type: 'string' },
} as const;

/** `leenet worker`: serves a queue until SIGTERM/SIGINT, then hands its jobs back. */
export async function workerCommand(argv: string[]): Promise<number> {
  if (printedHelp(argv, WORKER_USAGE)) return 0;
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, 'worker');
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}" (see: leenet worker --help).`);
  const [url, from] = values.queue ? [values.queue, '--queue'] : [process.env.LEENET_QUEUE, '$LEENET_QUEUE'];
  if (!url) throw new UsageError('Give the queue to serve: --queue redis://host:6379, or set LEENET_QUEUE (see: leenet worker --help).');
  const check = parseQueueUrl(url);
  if (!check.ok) throw new UsageError(`${from}: ${check.error}`);
  const cacheDir = values['cache-dir'] ? path.resolve(values['cache-dir']) : undefined;
  const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
  const worker = await startQueueWorker({
    url: check.target.url,
    concurrency: values.concurrency ? positiveInt('concurrency', values.concurrency) : 1,
    // This machine's own disk, never the shared cache: workers sharing a folder would clear each other's copies.
    workspace: path.resolve(values.workspace ?? path.join(defaultCacheDir(), 'worker-runs')),
    cacheDir,
    backend: values.backend,
    lockSeconds: values['lock-seconds'] ? positiveInt('lock-seconds', values['lock-seconds']) : 30,
    log,
  });
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      log(`${signal}: handing running jobs back to the queue after their current batch…`);
      process.once('SIGINT', () => process.exit(130));
      worker.handBack().then(resolve, (e: unknown) => {
        log(`Could not hand every job back: ${String(e)}`);
        resolve();
      });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  log('Stopped.');
  return 0;
}
