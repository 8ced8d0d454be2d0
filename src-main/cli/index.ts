import { budgetCommand } from './budget-command';
import { evalCommand } from './eval-command';
import { exportCommand } from './export-command';
import { predictCommand } from './predict-command';
import { resumeCommand } from './resume-command';
import { infoCommand } from './info-command';
import { serveCommand } from './serve';
import { sweepCommand } from './sweep-command';
import { workerCommand } from './worker-command';
import { UsageError } from './usage-error';
import { errorMessage } from '../engine/util/error-message';

const USAGE = `Usage: leenet <command> [options]

Commands:
  sweep   train a learned early-exit network and sweep α (leenet sweep --help)
  resume  finish a stopped, failed or interrupted sweep (leenet resume --help)
  info    a backbone's parameters, input and exit points (leenet info --help)
  eval    accuracy of a backbone's own classifier on a dataset (leenet eval --help)
  budget  the operating point of a finished run that meets a budget (leenet budget --help)
  export  a run's operating point as a deployable early-exit model (leenet export --help)
  predict run an exported model on a dataset or on image files (leenet predict --help)
  serve   the workbench in a browser, on 127.0.0.1 with a token (leenet serve --help)
  worker  run sweeps submitted to a Redis queue on this machine (leenet worker --help)
`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  sweep: sweepCommand,
  resume: resumeCommand,
  info: infoCommand,
  eval: evalCommand,
  budget: budgetCommand,
  export: exportCommand,
  predict: predictCommand,
  serve: serveCommand,
  worker: workerCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`Unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}.`);
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`leenet: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`leenet: ${errorMessage(e)}\n`);
      if (process.env.LEENET_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
      process.exitCode = 1;
    }
  },
);
