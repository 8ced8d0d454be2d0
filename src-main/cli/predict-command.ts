import { parseCommandArgs, positiveInt, printedHelp } from './command-args';
import { readFile } from 'node:fs/promises';
import { initBackend } from '../engine/backend';
import { imageSizeFor } from '../engine/backbones/preprocess';
import { DATASET_SPEC_PATTERN, DATASET_SPECS } from '../engine/data/dataset-specs';
import { batchOf } from '../engine/data/batches';
import { decodeImage } from '../engine/data/decode-image';
import { loadDataset } from '../engine/data/load-dataset';
import { loadEarlyExitModel, type RawImage } from '../engine/deploy/load-early-exit-model';
import { timePredictions } from '../engine/deploy/time-predictions';
import { UsageError } from './usage-error';

export const PREDICT_USAGE = `leenet predict --model DIR (--dataset SPEC [--split test|train] [--limit N] | IMAGE_FILES…)
               [--batch N] [--backend NAME] [--json]
  Runs an exported early-exit model (leenet export) with real early exit and prints, per image, the class, its
  confidence and the exit taken. On a dataset it also prints accuracy, the share leaving at each exit and the
  measured ms per image against the plain backbone on the same batches (--batch, default 64).`;

const OPTIONS = { model: { type: 'string' }, dataset: { type: 'string' }, split: { type: 'string' }, limit: { type: 'string' }, batch: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } } as const;

/** `leenet predict`: an exported model on a dataset split or on image files. */
export async function predictCommand(argv: string[]): Promise<number> {
  if (printedHelp(argv, PREDICT_USAGE)) return 0;
  const parsed = parseCommandArgs(argv, OPTIONS, 'predict');
  const v = parsed.values;
  const files = parsed.positionals;
  if (!v.model) throw new UsageError('--model DIR is required: a folder written by leenet export.');
  if (!v.dataset && !files.length) throw new UsageError('Give --dataset SPEC or image files to predict (see: leenet predict --help).');
  if (v.dataset && files.length) throw new UsageError('Give --dataset or image files, not both.');
  if (v.dataset && !DATASET_SPEC_PATTERN.test(v.dataset.trim())) throw new UsageError(`--dataset: unknown dataset "${v.dataset}". Accepted: ${DATASET_SPECS.join(', ')}.`);
  if (v.split !== undefined && v.split !== 'test' && v.split !== 'train') throw new UsageError(`--split: "${v.split}" is not test or train.`);
  const batchSize = v.batch === undefined ? 64 : positiveInt('batch', v.batch);
  const limit = v.limit === undefined ? Infinity : positiveInt('limit', v.limit);
  await initBackend(v.backend);
  const model = await loadEarlyExitModel(v.model);
  try {
    const m = model.manifest;
    const [h, , c] = m.input.shape;
    const pre = m.input.preprocess;
    const exitName = (k: number) => m.exits[k].name;
    if (!v.dataset) {
      const images: RawImage[] = [];
      for (const file of files) {
        const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => Promise.reject(new UsageError(`Cannot read ${file}: ${e.code ?? e.message}`)));
        const img = decodeImage(bytes, file, c === 1 ? 1 : 3);
        images.push({ data: img.data, height: img.height, width: img.width, channels: img.channels });
      }
      const out = await model.predict(images);
      if (v.json) process.stdout.write(`${JSON.stringify(out.map((p, i) => ({ file: files[i], ...p })))}\n`);
      else for (const [i, p] of out.entries()) process.stdout.write(`${files[i]}\t${p.className}\t${p.confidence.toFixed(4)}\texit ${p.exit} (${p.exitName})\n`);
      return 0;
    }
    const size = imageSizeFor(pre.kind === 'normalise' ? pre : undefined, [h, m.input.shape[1], c]);
    const dataset = await loadDataset(v.dataset, { imageSize: size, onLog: (message) => !v.json && process.stderr.write(`  ${message}\n`) });
    const set = v.split === 'train' ? dataset.train : (dataset.test ?? dataset.train);
    const n = Math.min(set.count, limit);
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    const toInput = async (start: number, end: number) => {
      const part = await batchOf(set, idx.subarray(start, end));
      const pixels = part.set.images;
      const shape = part.set.shape ?? [dataset.height, dataset.width, dataset.channels];
      const per = shape[0] * shape[1] * shape[2];
      return model.preprocess(Array.from({ length: part.idx.length }, (_, i) => ({ data: pixels.subarray(part.idx[i] * per, (part.idx[i] + 1) * per), height: shape[0], width: shape[1], channels: shape[2] })));
    };
    const r = await timePredictions(model, n, batchSize, toInput);
    let right = 0;
    const counts = new Array<number>(m.exits.length).fill(0);
    for (let i = 0; i < n; i++) {
      right += r.prediction[i] === set.labels[i] ? 1 : 0;
      counts[r.exit[i]]++;
    }
    const summary = { n, accuracy: right / Math.max(1, n), exitFractions: counts.map((x) => x / Math.max(1, n)), msPerImage: r.msPerImage, fullMsPerImage: r.fullMsPerImage, speedup: r.fullMsPerImage / r.msPerImage, batchSize };
    if (v.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return 0;
    }
    for (let i = 0; i < n; i++) process.stdout.write(`${i}\t${m.classNames[r.prediction[i]] ?? r.prediction[i]}\t${r.confidence[i].toFixed(4)}\texit ${r.exit[i]} (${exitName(r.exit[i])})\n`);
    process.stdout.write(
      `${n} images: accuracy ${(100 * summary.accuracy).toFixed(2)}%, ${summary.msPerImage.toFixed(3)} ms/image early exit vs ${summary.fullMsPerImage.toFixed(3)} ms/image full (${summary.speedup.toFixed(2)}× measured at batch ${batchSize})\n` +
        `  leaving per exit: ${summary.exitFractions.map((f, k) => `${exitName(k)} ${(100 * f).toFixed(1)}%`).join(', ')}\n`,
    );
    return 0;
  } finally {
    model.dispose();
  }
}
