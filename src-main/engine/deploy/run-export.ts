import type * as tf from '@tensorflow/tfjs';
import { backboneSpec } from '../backbones/catalog';
import { loadLayersModel } from '../backbones/model-io';
import { withClassifier } from '../backbones/transfer';
import { providePretrained, usesPretrained } from '../backbones/provide-pretrained';
import { cachedPolicies, type BudgetPolicy } from '../budget/cached-policies';
import { alphaCandidate, pointOf, type ChosenPoint } from '../budget/operating-point';
import { searchBudget, type BudgetTarget } from '../budget/search-budget';
import { readPolicyBundle } from '../runs/policy-bundle';
import { getRun, runDir } from '../runs/store';
import type { RunRecord } from '../runs/types';
import { defaultCacheDir } from '../util/paths';
import { ExportError, exportEarlyExitModel } from './export-model';
import type { EarlyExitManifest } from './manifest';
import { errorMessage } from '../util/error-message';

/** Which operating point of a run to export: the one meeting a budget, or an α of the sweep (at a threshold). */
export type ExportSelector = { kind: 'budget'; target: BudgetTarget; policy?: 'best' | BudgetPolicy } | { kind: 'alpha'; alpha: number; threshold?: number };

/** The run's backbone as the sweep used it: its published or given weights, or the folder it was trained into. */
export async function loadRunBackbone(run: RunRecord, cacheDir: string): Promise<tf.LayersModel> {
  const spec = backboneSpec(run.config.backbone);
  if (usesPretrained(spec, run.config.weights)) return (await providePretrained({ spec, weights: run.config.weights, cacheDir })).model;
  if (!run.provision) throw new ExportError(`Run ${run.id} does not record where its backbone is: it was made by an older version. Run the sweep again to export it.`);
  try {
    return await loadLayersModel(run.provision.dir);
  } catch (e) {
    throw new ExportError(`The backbone run ${run.id} used is gone from ${run.provision.dir} (${errorMessage(e)}). Run the sweep again (it retrains and caches it).`);
  }
}

export interface RunExport {
  runId: string;
  outDir: string;
  point: ChosenPoint;
  manifest: EarlyExitManifest;
}

/** `leenet export`: chooses the operating point on validation and writes the deployable model folder. */
export async function runExport(workspace: string, runId: string, selector: ExportSelector, outDir: string, opts: { cacheDir?: string } = {}): Promise<RunExport> {
  const run = await getRun(workspace, runId);
  const content = await readPolicyBundle(runDir(workspace, runId));
  const cache = cachedPolicies(content);
  let point: ChosenPoint;
  if (selector.kind === 'budget') {
    const choice = await searchBudget(content, selector.target, {
      policy: selector.policy,
      latency: run.latency ?? null,
      cache,
      retrain: { epochs: run.config.epochs?.gates ?? 30, seed: (run.config.seed ?? 42) + 2 },
    });
    if (!choice.met) throw new ExportError(`${choice.message} Nothing exported: ask for a budget the run can meet.`);
    point = choice;
  } else {
    point = pointOf(cache, alphaCandidate(cache, run.points, selector.alpha, selector.threshold), selector.alpha, run.latency);
  }
  const original = await loadRunBackbone(run, opts.cacheDir ?? defaultCacheDir());
  const t = content.meta.transfer && content.transfer ? { layers: content.meta.transfer, ...content.transfer } : null;
  const backbone = t ? withClassifier(original, t.layers, t.kernel, t.bias) : original;
  try {
    const classes = backbone.outputs[0].shape[1];
    if (classes !== content.meta.classes) {
      throw new ExportError(`Run ${runId}'s backbone has ${classes} classes but the run has ${content.meta.classes}: its classifier was replaced and not kept (an older run). Run the sweep again to export it.`);
    }
    const manifest = await exportEarlyExitModel({
      outDir,
      backbone,
      spec: backboneSpec(run.config.backbone),
      content,
      choice: point,
      gateStates: point.gateModel ? cache.gateProbs[point.gateModel.index].states : null,
      source: { runId, backbone: run.backbone, dataset: run.dataset },
      classNames: run.classNames ?? Array.from({ length: content.meta.classes }, (_, i) => String(i)),
    });
    return { runId, outDir, point, manifest };
  } finally {
    if (t) backbone.getLayer(t.layers.classifier).dispose();
    original.dispose();
  }
}
