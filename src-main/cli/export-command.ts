import { parseCommandArgs, printedHelp } from './command-args';
import { initBackend } from '../engine/backend';
import { BUDGET_POLICIES, type BudgetPolicy } from '../engine/budget/cached-policies';
import { runExport, type ExportSelector } from '../engine/deploy/run-export';
import { describeRule } from '../engine/budget/budget-types';
import { defaultWorkspace } from '../engine/runs/store';
import { budgetTarget, TARGET_FLAGS } from './budget-target';
import { UsageError } from './usage-error';

export const EXPORT_USAGE = `leenet export RUN_ID (--speedup X | --ms Y | --max-drop P | --alpha A [--threshold T]) --out DIR
              [--policy best|${BUDGET_POLICIES.join('|')}] [--workspace DIR] [--cache-dir DIR] [--backend NAME] [--json]
  Writes a self-contained early-exit model: the backbone cut at its exits (tfjs model files), the heads and gates,
  the rule and its threshold, the temperatures, the preprocessing and the class names (leenet-model.json).
  A budget picks the operating point on validation as \`leenet budget\` does; --alpha takes that α's point of the
  sweep (--threshold overrides its gate threshold). Run it with \`leenet predict --model DIR\`.`;

const OPTIONS = { ...TARGET_FLAGS, alpha: { type: 'string' }, threshold: { type: 'string' }, out: { type: 'string' }, policy: { type: 'string' }, workspace: { type: 'string' }, 'cache-dir': { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } } as const;

function unitInterval(flag: string, text: string): number {
  const v = Number(text.trim());
  if (!text.trim() || !Number.isFinite(v) || v < 0 || v > 1) throw new UsageError(`--${flag}: "${text}" is not a number from 0 to 1.`);
  return v;
}

/** `leenet export`: a run's operating point as a model folder an application can load. */
export async function exportCommand(argv: string[]): Promise<number> {
  if (printedHelp(argv, EXPORT_USAGE)) return 0;
  const parsed = parseCommandArgs(argv, OPTIONS, 'export');
  const v = parsed.values;
  if (parsed.positionals.length !== 1) throw new UsageError(`Give one run id (see: leenet export --help); got ${parsed.positionals.length}.`);
  if (!v.out?.trim()) throw new UsageError('--out DIR is required: the folder to write the model to.');
  const target = budgetTarget(v, 'export');
  if (target && v.alpha !== undefined) throw new UsageError('Give a budget or --alpha, not both.');
  if (v.threshold !== undefined && v.alpha === undefined) throw new UsageError('--threshold goes with --alpha (a budget chooses its own threshold).');
  const policy = v.policy ?? 'best';
  if (policy !== 'best' && !BUDGET_POLICIES.includes(policy as BudgetPolicy)) throw new UsageError(`--policy: "${policy}" is not best or one of ${BUDGET_POLICIES.join(', ')}.`);
  let selector: ExportSelector;
  if (target) selector = { kind: 'budget', target, policy: policy as BudgetPolicy | 'best' };
  else if (v.alpha !== undefined) selector = { kind: 'alpha', alpha: unitInterval('alpha', v.alpha), threshold: v.threshold === undefined ? undefined : unitInterval('threshold', v.threshold) };
  else throw new UsageError('Say which operating point: --speedup X, --ms Y, --max-drop P or --alpha A (see: leenet export --help).');
  await initBackend(v.backend);
  const r = await runExport(v.workspace ?? defaultWorkspace(), parsed.positionals[0], selector, v.out, { cacheDir: v['cache-dir'] });
  const p = r.point;
  if (v.json) process.stdout.write(`${JSON.stringify({ runId: r.runId, out: r.outDir, ...p })}\n`);
  else
    process.stdout.write(
      `Exported ${r.manifest.source.backbone} with ${r.manifest.exits.length - 1} early exits to ${r.outDir}\n` +
        `  rule: ${describeRule(p)}\n` +
        `  validation ${(100 * p.validation.accuracy).toFixed(2)}% at ${p.validation.speedup.toFixed(2)}×; test ${(100 * p.test.accuracy).toFixed(2)}% at ${p.test.speedup.toFixed(2)}× (FLOPs)\n` +
        `  run it: leenet predict --model ${r.outDir} --dataset ${r.manifest.source.dataset}\n`,
    );
  return 0;
}
