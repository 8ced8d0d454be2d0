import type * as tf from '@tensorflow/tfjs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BackboneSpec } from '../backbones/catalog';
import type { ChosenPoint } from '../budget/operating-point';
import type { DenseNetState } from '../exits/dense-net';
import { saveLayersModel } from '../backbones/model-io';
import { convTensors, netTensors, type PolicyBundleContent } from '../runs/policy-bundle';
import { encodeSafetensors, type TensorToWrite } from '../weights/safetensors';
import { EXITS_WEIGHTS_FILE, MANIFEST_FILE, type EarlyExitManifest } from './manifest';
import { cutBackbone } from './segment-models';

export interface ExportRequest {
  outDir: string;
  backbone: tf.LayersModel;
  spec: Pick<BackboneSpec, 'input' | 'preprocess'>;
  content: PolicyBundleContent;
  choice: ChosenPoint;
  /** The chosen gate model's weights (learned gates only). */
  gateStates: DenseNetState[] | null;
  source: EarlyExitManifest['source'];
  classNames: string[];
}

/** A mistake in what was asked to export (the folder, the run, the operating point): one line says what to do. */
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

async function checkTarget(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw new ExportError(`Cannot use ${dir} as the output folder: ${e.message}`);
  });
  // An earlier export may be replaced; any other non-empty folder is the user's and stays untouched.
  if (entries && entries.length > 0 && !entries.includes(MANIFEST_FILE)) throw new ExportError(`${dir} is not empty and holds no exported model: choose a new or empty folder.`);
}

function ruleOf(req: ExportRequest): EarlyExitManifest['rule'] {
  const { choice, content } = req;
  if (choice.policy === 'patience') return { kind: 'patience', k: choice.patience ?? 1 };
  if (choice.policy !== 'leenet') return { kind: choice.policy, threshold: choice.threshold ?? 0 };
  const gateInput = content.meta.gateInput;
  if (!req.gateStates) throw new ExportError('The chosen gate model has no saved weights.');
  return { kind: 'gates', threshold: choice.threshold ?? 0.5, gateInput, gates: req.gateStates.map((g) => g.spec) };
}

/**
 * Writes a self-contained early-exit model: the backbone cut at its exits into tfjs LayersModels
 * (`segments/K/model.json` + `weights.bin`), the exits' heads and gates (`exits.safetensors`), and one manifest
 * with the rule, thresholds, temperatures, preprocessing and class names. Written beside the target and renamed
 * into place, so a failure leaves no half-written folder.
 */
export async function exportEarlyExitModel(req: ExportRequest): Promise<EarlyExitManifest> {
  const { content, choice } = req;
  const { meta } = content;
  if (!content.headStates && !content.convHeadStates) throw new ExportError('This run kept no head weights: run the sweep again to export it.');
  const rule = ruleOf(req);
  await checkTarget(req.outDir);
  const tmp = `${req.outDir.replace(/[\\/]+$/, '')}.tmp-${process.pid}-${Date.now()}`;
  try {
    await mkdir(tmp, { recursive: true });
    const segments = await cutBackbone(req.backbone, meta.exitLayers);
    try {
      for (const [k, s] of segments.entries()) await saveLayersModel(s.model, path.join(tmp, 'segments', String(k)));
    } finally {
      segments.forEach((s) => s.model.dispose());
    }
    const tensors: Record<string, TensorToWrite> = {};
    content.headStates?.forEach((s, k) => Object.assign(tensors, netTensors(`head.${k}`, s)));
    content.convHeadStates?.forEach((s, k) => Object.assign(tensors, convTensors(`head.${k}`, s)));
    req.gateStates?.forEach((s, k) => Object.assign(tensors, netTensors(`gate.${k}`, s)));
    await writeFile(path.join(tmp, EXITS_WEIGHTS_FILE), encodeSafetensors(tensors));
    const pre = req.spec.preprocess;
    const manifest: EarlyExitManifest = {
      format: 'leenet-early-exit',
      version: 1,
      source: req.source,
      classNames: req.classNames,
      input: { shape: req.spec.input, preprocess: pre ? { kind: 'normalise', resize: pre.resize, crop: pre.crop, mean: pre.mean, std: pre.std } : { kind: 'unit' } },
      exits: [...meta.exitLayers, 'final'].map((name, k) => ({ name, cost: meta.costs.fraction[k] })),
      segments: segments.map((s, k) => ({ path: `segments/${k}`, inputs: s.inputs, outputs: s.outputs })),
      pooling: meta.pooling,
      grid: meta.grid,
      heads: meta.heads ?? [],
      ...(content.convHeadStates ? { convHeads: content.convHeadStates.map((h) => h.spec) } : {}),
      temperatures: meta.temperatures,
      rule,
      operatingPoint: { policy: choice.policy, alpha: choice.alpha, reference: choice.reference, validation: choice.validation, test: choice.test },
    };
    await writeFile(path.join(tmp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(req.outDir, { recursive: true, force: true });
    await mkdir(path.dirname(path.resolve(req.outDir)), { recursive: true });
    await rename(tmp, req.outDir);
    return manifest;
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
