import { parseCommandArgs, printedHelp } from './command-args';
import { sweepConfigSchema } from '../engine/config';
import { defaultWorkspace, getRun } from '../engine/runs/store';
import { DEFAULT_SPLIT, recordedSplit } from '../../src-shared/api/queue-split';
import { parseQueueFlags, QUEUE_FLAGS, QUEUE_FLAGS_USAGE } from './queue-flags';
import { runAndPrint, submitAndPrint } from './sweep-command';
import { UsageError } from './usage-error';

export const RESUME_USAGE = `leenet resume RUN_ID [--workspace DIR] [--cache-dir DIR] [--backend NAME] [--json]
                    [--queue redis://[:password@]host:port [--shards N] [--no-alpha-fan-out]]
  Takes up a stopped, failed or interrupted run with its own config: the backbone pass is read back from the feature
  cache, the heads and every finished gate model from the run's checkpoint, and the rest is done. Prints what
  \`leenet sweep\` prints. With --queue the run's folder goes to the queue's workers, which take it up from there;
  --shards and the α fan-out default to how the run was last spread on a queue.
${QUEUE_FLAGS_USAGE}`;

const OPTIONS = { workspace: { type: 'string' }, 'cache-dir': { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' }, ...QUEUE_FLAGS } as const;

/** `leenet resume`: finish a run that did not. */
export async function resumeCommand(argv: string[]): Promise<number> {
  if (printedHelp(argv, RESUME_USAGE)) return 0;
  const parsed = parseCommandArgs(argv, OPTIONS, 'resume');
  if (parsed.positionals.length !== 1) throw new UsageError(`Give one run id (see: leenet resume --help); got ${parsed.positionals.length}.`);
  const v = parsed.values;
  const queue = parseQueueFlags(v);
  const workspace = v.workspace ?? defaultWorkspace();
  const runId = parsed.positionals[0];
  const run = await getRun(workspace, runId);
  const config = sweepConfigSchema.safeParse(run.config);
  if (!config.success) throw new Error(`Run ${runId}'s config is not valid any more (${config.error.issues[0]?.message}): start a new sweep instead.`);
  // What the flags leave unsaid is as the run was last spread on a queue.
  if (queue) return submitAndPrint(config.data, { url: queue.url, split: { ...DEFAULT_SPLIT, ...recordedSplit(run.queue), ...queue.split } }, { workspace, runId, resume: true }, v.json ?? false);
  return runAndPrint(config.data, { workspace, runId, resume: true, backend: v.backend, cacheDir: v['cache-dir'] }, v.json ?? false);
}
