import type * as tf from '@tensorflow/tfjs';
import { resolveExitPoints } from '../backbones/exit-points';
import { provideBackbone, readBackboneMeta, type BackboneProvision } from '../backbones/provide';
import type { BackboneOrigin } from '../runs/types';
import { classifierOf, type ClassifierLayers } from '../backbones/transfer';
import { PhaseProgress } from './phase-progress';
import type { SweepData } from './data-phase';
import type { SweepContext } from './sweep-context';

export interface SweepBackbone {
  provision: BackboneProvision;
  model: tf.LayersModel;
  /** Exit layers, aliases resolved, in depth order. */
  exitLayers: string[];
  /** The backbone's own classifier layers (replaced when `transfer`). */
  classifier: ClassifierLayers;
  /** The backbone's classifier is for other classes (ImageNet weights on CIFAR): a new one is trained. */
  transfer: boolean;
  classes: number;
}

/** The frozen backbone: shipped, cached, imported or trained; its exit layers resolved. The caller disposes `model`. */
export async function backbonePhase(ctx: SweepContext, data: SweepData): Promise<SweepBackbone> {
  const { config, spec } = ctx;
  const progress = new PhaseProgress(ctx.emit, 'backbone', `Preparing ${spec.name}`);
  const provision = await provideBackbone({
    spec,
    dataset: data.dataset,
    trainIdx: data.split.train,
    testIdx: data.split.testFrom === 'test' ? data.split.test : undefined,
    seed: config.seed,
    epochs: config.epochs.backbone,
    cacheDir: ctx.cacheDir,
    onTrainStart: (message) => ctx.emit({ type: 'log', message }),
    onProgress: (done, total, loss) => progress.step(done, total, 'backbone', loss),
    signal: ctx.signal,
    weights: config.weights,
  });
  const model = provision.model;
  try {
    // Exits inside stages may be given in any order.
    const exitLayers = resolveExitPoints(spec, model, config.exits.length > 0 ? config.exits : spec.exits);
    const classes = data.dataset.classNames.length;
    const transfer = (model.outputs[0].shape[1] ?? 0) !== classes;
    ctx.timings.backbone = progress.seconds();
    ctx.emit({ type: 'log', message: `Backbone ${spec.name} (${provision.source}: ${provision.key}).` });
    return { provision, model, exitLayers, classifier: classifierOf(model, spec), transfer, classes };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/** What the run records of its backbone: where it came from, and for weights trained here, on what and how well. */
export async function backboneOrigin(provision: BackboneProvision): Promise<BackboneOrigin & { key: string; dir: string }> {
  const { source, key, dir } = provision;
  const meta = source === 'trained' || source === 'cache' ? await readBackboneMeta(dir) : null;
  return meta ? { source, key, dir, trainSamples: meta.trainSamples, epochs: meta.epochs, testAccuracy: meta.testAccuracy } : { source, key, dir };
}
