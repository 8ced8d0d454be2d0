import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error';
import { errorMessage } from '../engine/util/error-message';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `--help` / `-h` anywhere: prints the command's usage (the caller then exits 0). */
export function printedHelp(argv: string[], usage: string): boolean {
  if (!argv.includes('--help') && !argv.includes('-h')) return false;
  process.stdout.write(`${usage}\n`);
  return true;
}

/** Strict flags plus positionals; a parse error becomes one usage line pointing at the command's help. */
export function parseCommandArgs<const O extends Options>(argv: string[], options: O, command: string) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${errorMessage(e).split('\n')[0]} (see: leenet ${command} --help)`);
  }
}

/** A flag's positive whole number, or a usage error naming the flag. */
export function positiveInt(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new UsageError(`--${flag}: "${text}" is not a positive whole number.`);
  return Number(text);
}
