import { parseArgs } from 'node:util';
import { describeConfigErrors, sweepConfigSchema, type SweepConfig, type SweepConfigInput } from '../engine/config';
import { parseAlphas } from './alphas';
import { UsageError } from './usage-error';
import { BACKEND_REQUESTS } from '../engine/backend';
import { errorMessage } from '../engine/util/error-message';
import { MAX_RUN_NAME } from '../engine/runs/store';
import { parseQueueFlags, QUEUE_FLAGS, QUEUE_FLAGS_USAGE } from './queue-flags';
import { DEFAULT_SPLIT, type QueueSplit } from '../../src-shared/api/queue-split';

export interface SweepCommand {
  config: SweepConfig;
  workspace: string | undefined;
  backend: string | undefined;
  cacheDir: string | undefined;
  /** The run's name in the workbench (default: its id). */
  name: string | undefined;
  json: boolean;
  /** Submit to a queue's workers instead of running here. */
  queue?: { url: string; split: QueueSplit };
}

const OPTIONS = {
  dataset: { type: 'string' },
  backbone: { type: 'string' },
  weights: { type: 'string' },
  exits: { type: 'string' },
  alphas: { type: 'string' },
  head: { type: 'string' },
  pooling: { type: 'string' },
  'pool-grid': { type: 'string' },
  'gate-input': { type: 'string' },
  'gate-split': { type: 'string' },
  'gate-target': { type: 'string' },
  calibration: { type: 'string' },
  seeds: { type: 'string' },
  cost: { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  limit: { type: 'string' },
  'per-class': { type: 'string' },
  'val-share': { type: 'string' },
  split: { type: 'string' },
  workspace: { type: 'string' },
  'cache-dir': { type: 'string' },
  backend: { type: 'string' },
  name: { type: 'string' },
  json: { type: 'boolean' },
  ...QUEUE_FLAGS,
} as const;

export const SWEEP_USAGE = `leenet sweep [--dataset mnist|fashion-mnist:DIR|cifar10:DIR|cifar100:DIR|imagefolder:DIR|imagenette:DIR]
             [--backbone mnist-small|resnet20|resnet32|resnet44|resnet56|resnet50|vgg11|densenet121|tfjs:DIR]
             [--weights FILE.safetensors] [--exits stage1,stage2,...]
             [--alphas 0:1:0.1 | 0,0.3,0.6] [--head linear|mlp|conv] [--pooling adaptive|gap|flatten] [--pool-grid 4]
             [--gate-input uncertainty|pooled|both|flatten] [--gate-target auto|safe|correct|leenet] [--gate-split val|train]
             [--calibration temperature|none] [--seeds N] [--cost flops|params|latency]
             [--epochs N | heads=N,gates=N,backbone=N] [--seed N] [--limit N] [--per-class N] [--val-share 0.1] [--split official|80/20]
             [--workspace DIR] [--cache-dir DIR] [--backend auto|node-gpu|node|wasm|cpu] [--name NAME] [--json]
             [--queue redis://[:password@]host:port [--shards N] [--no-alpha-fan-out]]
${QUEUE_FLAGS_USAGE}`;

function integer(flag: string, text: string): number {
  // A sign is read, so "-1" gets the field's own range message rather than "not a whole number".
  if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`--${flag}: "${text}" is not a whole number.`);
  return Number(text);
}

function decimal(flag: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${flag}: "${text}" is not a number.`);
  return v;
}

/** `N` sets heads and gates; `heads=8,gates=30,backbone=3` sets each phase. */
function parseEpochs(text: string): Partial<Record<'heads' | 'gates' | 'backbone', number>> {
  if (/^\d+$/.test(text.trim())) {
    const n = Number(text);
    return { heads: n, gates: n };
  }
  const out: Partial<Record<'heads' | 'gates' | 'backbone', number>> = {};
  for (const part of text.split(',')) {
    const m = /^(heads|gates|backbone)=(\d+)$/.exec(part.trim());
    if (!m) throw new UsageError(`--epochs: "${part}" is not N or heads=N / gates=N / backbone=N.`);
    out[m[1] as 'heads' | 'gates' | 'backbone'] = Number(m[2]);
  }
  return out;
}

export function parseSweepArgs(argv: string[]): SweepCommand {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: false }>>['values'];
  try {
    values = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (e) {
    const first = errorMessage(e).split('\n')[0];
    // parseArgs reads "--seed -1" as two options; say how to pass a value that starts with a dash.
    const hint = /argument is ambiguous/.test(first) ? ' Write a value that starts with "-" as --flag=VALUE.' : '';
    throw new UsageError(`${first}${hint} (see: leenet sweep --help)`);
  }
  if (values.backend !== undefined && !(BACKEND_REQUESTS as readonly string[]).includes(values.backend)) {
    throw new UsageError(`--backend: "${values.backend}" is not one of ${BACKEND_REQUESTS.join(', ')}.`);
  }
  const input: SweepConfigInput = {
    dataset: values.dataset ?? 'mnist',
    backbone: (values.backbone ?? 'mnist-small') as SweepConfigInput['backbone'],
    alphas: values.alphas === undefined ? parseAlphas('0:1:0.1') : wrap(() => parseAlphas(values.alphas!)),
  };
  if (values.weights !== undefined) input.weights = values.weights;
  if (values.exits !== undefined) input.exits = values.exits.split(',').map((s) => s.trim()).filter(Boolean);
  if (values.head !== undefined) input.head = values.head as SweepConfigInput['head'];
  if (values.pooling !== undefined) input.pooling = values.pooling as SweepConfigInput['pooling'];
  if (values['pool-grid'] !== undefined) input.poolGrid = integer('pool-grid', values['pool-grid']);
  if (values['gate-input'] !== undefined) input.gateInput = values['gate-input'] as SweepConfigInput['gateInput'];
  if (values['gate-split'] !== undefined) input.gateSplit = values['gate-split'] as SweepConfigInput['gateSplit'];
  if (values['gate-target'] !== undefined) input.gateTarget = values['gate-target'] as SweepConfigInput['gateTarget'];
  if (values.calibration !== undefined) input.calibration = values.calibration as SweepConfigInput['calibration'];
  if (values.seeds !== undefined) input.seeds = integer('seeds', values.seeds);
  if (values.cost !== undefined) input.cost = values.cost as SweepConfigInput['cost'];
  if (values.epochs !== undefined) input.epochs = parseEpochs(values.epochs) as SweepConfigInput['epochs'];
  if (values.seed !== undefined) input.seed = integer('seed', values.seed);
  if (values.limit !== undefined) input.limit = integer('limit', values.limit);
  if (values['per-class'] !== undefined) input.perClass = integer('per-class', values['per-class']);
  if (values['val-share'] !== undefined) input.valShare = decimal('val-share', values['val-share']);
  if (values.split !== undefined) input.splitMode = values.split as SweepConfigInput['splitMode'];
  const parsed = sweepConfigSchema.safeParse(input);
  if (!parsed.success) {
    const errors = describeConfigErrors(parsed.error);
    const [field, message] = Object.entries(errors)[0];
    throw new UsageError(`${flagName(field)}: ${message}`);
  }
  const name = values.name?.trim();
  if (values.name !== undefined && !name) throw new UsageError('--name: give the run a name.');
  if (name && name.length > MAX_RUN_NAME) throw new UsageError(`--name: at most ${MAX_RUN_NAME} characters (this one has ${name.length}).`);
  const queue = parseQueueFlags(values);
  return {
    config: parsed.data,
    workspace: values.workspace,
    backend: values.backend,
    cacheDir: values['cache-dir'],
    name,
    json: values.json ?? false,
    ...(queue && { queue: { url: queue.url, split: { ...DEFAULT_SPLIT, ...queue.split } } }),
  };
}

function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new UsageError(errorMessage(e));
  }
}

const FLAG_OF: Record<string, string> = {
  poolGrid: 'pool-grid',
  gateInput: 'gate-input',
  gateSplit: 'gate-split',
  gateTarget: 'gate-target',
  valShare: 'val-share',
  splitMode: 'split',
  perClass: 'per-class',
};

function flagName(field: string): string {
  const top = field.split('.')[0];
  return `--${FLAG_OF[top] ?? top}`;
}
