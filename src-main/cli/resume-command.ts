import { parseArgs } from 'node:util';
import { sweepConfigSchema } from '../engine/config';
import { defaultWorkspace, getRun } from '../engine/runs/store';
import { runAndPrint } from './sweep-command';
import { UsageError } from './usage-error';

export const RESUME_USAGE = `leenet resume RUN_ID [--workspace DIR] [--cache-dir DIR] [--backend NAME] [--json]
  Takes up a stopped, failed or interrupted run with its own config: the backbone pass is read back from the feature
  cache, the heads and every finished gate model from the run's checkpoint, and the rest is done. Prints what
  \`leenet sweep\` prints.`;

const OPTIONS = { workspace: { type: 'string' }, 'cache-dir': { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } } as const;

/** `leenet resume`: finish a run that did not. */
export async function resumeCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${RESUME_USAGE}\n`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]} (see: leenet resume --help)`);
  }
  if (parsed.positionals.length !== 1) throw new UsageError(`Give one run id (see: leenet resume --help); got ${parsed.positionals.length}.`);
  const v = parsed.values;
  const workspace = v.workspace ?? defaultWorkspace();
  const runId = parsed.positionals[0];
  const run = await getRun(workspace, runId);
  const config = sweepConfigSchema.safeParse(run.config);
  if (!config.success) throw new Error(`Run ${runId}'s config is not valid any more (${config.error.issues[0]?.message}): start a new sweep instead.`);
  return runAndPrint(config.data, { workspace, runId, resume: true, backend: v.backend, cacheDir: v['cache-dir'] }, v.json ?? false);
}
