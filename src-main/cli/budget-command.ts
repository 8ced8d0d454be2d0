import { parseCommandArgs, printedHelp } from './command-args';
import { initBackend } from '../engine/backend';
import { BUDGET_POLICIES, type BudgetPolicy } from '../engine/budget/cached-policies';
import { runBudget, type RunBudget } from '../engine/budget/run-budget';
import { describeRule } from '../engine/budget/budget-types';
import { defaultWorkspace } from '../engine/runs/store';
import { budgetTarget, TARGET_FLAGS } from './budget-target';
import { UsageError } from './usage-error';

export const BUDGET_USAGE = `leenet budget RUN_ID (--speedup X | --ms Y | --max-drop P) [--policy best|${BUDGET_POLICIES.join('|')}]
              [--workspace DIR] [--backend auto|node-gpu|node|wasm|cpu] [--json]
  The operating point of a finished run that meets a budget, chosen on the validation split (test is reported,
  never used): --speedup X the most accurate at least X times faster than the full model; --max-drop P the fastest
  within P accuracy points of it; --ms Y the most accurate within Y ms per image on the latency the run measured.
  Runs on the outputs the run kept (no backbone pass); LEENet-loss gates get new α values trained by bisection.
  Exit code 3 when no point meets the budget (the nearest one is printed).`;

const OPTIONS = { ...TARGET_FLAGS, policy: { type: 'string' }, workspace: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } } as const;

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

function describe(r: RunBudget): string {
  const line = (name: string, f: RunBudget['test'], ref: number) =>
    `  ${name.padEnd(10)} ${pct(f.accuracy)} (drop ${(100 * (ref - f.accuracy)).toFixed(2)} pt), cost ${f.cost.toFixed(3)}, ${f.speedup.toFixed(2)}×${f.msPerImage !== null ? `, ${f.msPerImage.toFixed(3)} ms/image` : ''}`;
  return [
    `${r.met ? '' : 'NOT MET: '}${r.message}`,
    `  ${describeRule(r)}`,
    line('validation', r.validation, r.reference.validation),
    line('test', r.test, r.reference.test),
    `  drop is against the backbone's own classifier: ${pct(r.reference.validation)} validation, ${pct(r.reference.test)} test`,
    ...(r.trainedAlphas.length ? [`  α values trained during the search: ${r.trainedAlphas.join(', ')}`] : []),
  ].join('\n');
}

/** `leenet budget`: search a finished run for the operating point that meets a budget. */
export async function budgetCommand(argv: string[]): Promise<number> {
  if (printedHelp(argv, BUDGET_USAGE)) return 0;
  const parsed = parseCommandArgs(argv, OPTIONS, 'budget');
  const v = parsed.values;
  if (parsed.positionals.length !== 1) throw new UsageError(`Give one run id (see: leenet budget --help); got ${parsed.positionals.length}.`);
  const target = budgetTarget(v, 'budget');
  if (!target) throw new UsageError('Give a budget: --speedup X, --ms Y or --max-drop P (see: leenet budget --help).');
  const policy = v.policy ?? 'best';
  if (policy !== 'best' && !BUDGET_POLICIES.includes(policy as BudgetPolicy)) throw new UsageError(`--policy: "${policy}" is not best or one of ${BUDGET_POLICIES.join(', ')}.`);
  await initBackend(v.backend);
  const r = await runBudget(v.workspace ?? defaultWorkspace(), parsed.positionals[0], target, { policy: policy as BudgetPolicy | 'best' });
  process.stdout.write(v.json ? `${JSON.stringify(r)}\n` : `${describe(r)}\n`);
  return r.met ? 0 : 3;
}
