import { printedHelp } from './command-args';
import { parseArgs } from 'node:util';
import { initBackend } from '../engine/backend';
import { backboneSpec, countParams } from '../engine/backbones/catalog';
import { exitCandidates, resolveExitPoints } from '../engine/backbones/exit-points';
import { modelForShapes } from '../engine/backbones/throughput';
import { costUpTo, totalCost } from '../engine/exits/costs';
import { UsageError } from './usage-error';
import { round4 } from '../engine/util/round';
import { errorMessage } from '../engine/util/error-message';

export const INFO_USAGE = `leenet info --backbone NAME [--exits a,b,...] [--json]
  NAME: mnist-small, resnet20|32|44|56, resnet50, vgg11, densenet121, or tfjs:DIR
  Lists where exits may go with each one's share of the FLOPs (* = preset); --exits checks and orders a choice.`;


/** `leenet info`: a backbone's parameters, input, exit candidates and chosen exits with their share of its FLOPs. */
export async function infoCommand(argv: string[]): Promise<number> {
  if (printedHelp(argv, INFO_USAGE)) return 0;
  let values: { backbone?: string; exits?: string; json?: boolean; backend?: string };
  try {
    values = parseArgs({ args: argv, options: { backbone: { type: 'string' }, exits: { type: 'string' }, json: { type: 'boolean' }, backend: { type: 'string' } }, strict: true }).values;
  } catch (e) {
    throw new UsageError(`${errorMessage(e).split('\n')[0]} (see: leenet info --help)`);
  }
  if (!values.backbone) throw new UsageError('--backbone is required (see: leenet info --help).');
  let spec;
  try {
    spec = backboneSpec(values.backbone);
  } catch (e) {
    throw new UsageError(`--backbone: ${errorMessage(e)}`);
  }
  await initBackend(values.backend ?? 'cpu');
  const model = await modelForShapes(spec);
  try {
    let exitNames = spec.exits;
    if (values.exits) {
      try {
        exitNames = resolveExitPoints(spec, model, values.exits.split(',').map((s) => s.trim()).filter(Boolean));
      } catch (e) {
        throw new UsageError(`--exits: ${errorMessage(e)}`);
      }
    }
    const flops = totalCost(model, 'flops');
    const info = {
      name: spec.name,
      params: spec.params ?? countParams(model),
      input: spec.input,
      flops,
      exits: exitNames.map((name) => ({ name, cost: round4(costUpTo(model.getLayer(name), 'flops') / flops) })),
      candidates: exitCandidates(spec, model).map((c) => ({ ...c, cost: round4(c.cost) })),
    };
    if (values.json) process.stdout.write(`${JSON.stringify(info)}\n`);
    else {
      process.stdout.write(`${spec.name}: ${spec.description}\n`);
      process.stdout.write(`  ${info.params.toLocaleString('en')} parameters, input ${info.input.join('×')}, ${(flops / 1e9).toFixed(3)} GFLOPs per image\n`);
      const line = (mark: string, e: { name: string; cost: number }) => `  ${mark} ${e.name.padEnd(36)} ${(100 * e.cost).toFixed(1).padStart(5)}% of the FLOPs\n`;
      process.stdout.write('  exit candidates (* = preset):\n');
      for (const c of info.candidates) process.stdout.write(line(c.preset ? '*' : ' ', c));
      if (values.exits) {
        process.stdout.write('  chosen exits:\n');
        for (const e of info.exits) process.stdout.write(line(' ', e));
      }
    }
    return 0;
  } finally {
    model.dispose();
  }
}
