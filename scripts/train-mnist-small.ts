/**
 * Produces the shipped `mnist-small` weights in resources/weights/<key>: the backbone the default job
 * (`npm run sweep`) uses, trained by the engine itself on the default split's training part (seed 42, 10% held
 * out for validation, the official test set untouched). Run: npx tsx scripts/train-mnist-small.ts
 */
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { initBackend } from '../src-main/engine/backend';
import { backboneSpec } from '../src-main/engine/backbones/catalog';
import { provideBackbone, readBackboneMeta } from '../src-main/engine/backbones/provide';
import { sweepConfigSchema } from '../src-main/engine/config';
import { loadDataset } from '../src-main/engine/data/load-dataset';
import { makeSplit } from '../src-main/engine/data/split';
import { resourcesDir } from '../src-main/engine/util/paths';

const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0] });
const backend = await initBackend(process.env.LEENET_BACKEND);
const dataset = await loadDataset(config.dataset);
const split = makeSplit(dataset, { seed: config.seed, valShare: config.valShare, mode: config.splitMode, limit: config.limit, perClass: config.perClass });
const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'leenet-train-'));
let last = 0;
const provision = await provideBackbone({
  spec: backboneSpec(config.backbone),
  dataset,
  trainIdx: split.train,
  testIdx: split.test,
  seed: config.seed,
  epochs: config.epochs.backbone,
  cacheDir,
  onTrainStart: (m) => console.log(m),
  onProgress: (done, total, loss) => {
    if (loss !== undefined && Date.now() - last > 5000) {
      last = Date.now();
      console.log(`${done}/${total} loss ${loss.toFixed(4)}`);
    }
  },
});
const target = path.join(resourcesDir(), 'weights', provision.key);
if (provision.source !== 'shipped') await cp(provision.dir, target, { recursive: true });
console.log(`backend ${backend.name}; ${provision.source}; written to ${target}`, await readBackboneMeta(provision.dir));
