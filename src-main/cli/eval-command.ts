import { positiveInt, printedHelp } from './command-args';
import { parseArgs } from 'node:util';
import { initBackend } from '../engine/backend';
import { backboneSpec } from '../engine/backbones/catalog';
import { evaluateBackbone } from '../engine/backbones/evaluate-backbone';
import { imageSizeFor } from '../engine/backbones/preprocess';
import { provideBackbone } from '../engine/backbones/provide';
import { sweepConfigSchema } from '../engine/config';
import { DATASET_SPEC_PATTERN, DATASET_SPECS } from '../engine/data/dataset-specs';
import { loadDataset } from '../engine/data/load-dataset';
import { makeSplit } from '../engine/data/split';
import { defaultCacheDir } from '../engine/util/paths';
import { UsageError } from './usage-error';
import { errorMessage } from '../engine/util/error-message';

export const EVAL_USAGE = `leenet eval --backbone NAME [--weights FILE.safetensors] --dataset SPEC [--split test|train] [--limit N] [--per-class N]
            [--cache-dir DIR] [--backend auto|node-gpu|node|wasm|cpu] [--json]
  Top-1 accuracy of the backbone's own classifier. Without --weights, ImageNet backbones use their published
  weights and the others the backbone a default sweep trains (trained now if not cached).`;

const OPTIONS = {
  backbone: { type: 'string' },
  weights: { type: 'string' },
  dataset: { type: 'string' },
  split: { type: 'string' },
  limit: { type: 'string' },
  'per-class': { type: 'string' },
  'cache-dir': { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `leenet eval`: accuracy of a backbone's own classifier on a dataset split. */
export async function evalCommand(argv: string[]): Promise<number> {
  if (printedHelp(argv, EVAL_USAGE)) return 0;
  let v: { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };
  try {
    v = parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
  } catch (e) {
    throw new UsageError(`${errorMessage(e).split('\n')[0]} (see: leenet eval --help)`);
  }
  if (!v.backbone) throw new UsageError('--backbone is required (see: leenet eval --help).');
  if (!v.dataset) throw new UsageError('--dataset is required (see: leenet eval --help).');
  if (!DATASET_SPEC_PATTERN.test(v.dataset.trim())) throw new UsageError(`--dataset: unknown dataset "${v.dataset}". Accepted: ${DATASET_SPECS.join(', ')}.`);
  if (v.split !== undefined && v.split !== 'test' && v.split !== 'train') throw new UsageError(`--split: "${v.split}" is not test or train.`);
  const limit = v.limit === undefined ? undefined : positiveInt('limit', v.limit);
  const perClass = v['per-class'] === undefined ? undefined : positiveInt('per-class', v['per-class']);
  let spec;
  try {
    spec = backboneSpec(v.backbone);
  } catch (e) {
    throw new UsageError(`--backbone: ${errorMessage(e)}`);
  }
  await initBackend(v.backend);
  const cacheDir = v['cache-dir'] ?? defaultCacheDir();
  const log = (message: string) => {
    if (!v.json) process.stderr.write(`  ${message}\n`);
  };
  const dataset = await loadDataset(v.dataset, { imageSize: imageSizeFor(spec.preprocess, spec.input), onLog: log });
  // The defaults of a sweep: a backbone trained on the split, then cached, is the one a default sweep would use.
  const defaults = sweepConfigSchema.parse({ dataset: v.dataset, backbone: v.backbone, alphas: [0] });
  const split = makeSplit(dataset, { seed: defaults.seed, valShare: defaults.valShare });
  const provision = await provideBackbone({
    spec,
    dataset,
    trainIdx: split.train,
    seed: defaults.seed,
    epochs: defaults.epochs.backbone,
    cacheDir,
    weights: v.weights,
    onTrainStart: log,
  });
  try {
    const r = await evaluateBackbone(provision.model, spec, dataset, { split: v.split === 'train' ? 'train' : 'test', limit, perClass });
    if (v.json) process.stdout.write(`${JSON.stringify({ accuracy: r.accuracy, n: r.n, split: r.split, classMap: r.classMap, imagesPerSecond: r.imagesPerSecond })}\n`);
    else process.stdout.write(`${spec.name} on ${dataset.name} (${r.split}): ${(100 * r.accuracy).toFixed(2)}% of ${r.n} images (${r.imagesPerSecond.toFixed(1)} images/s)\n`);
    return 0;
  } finally {
    provision.model.dispose();
  }
}
