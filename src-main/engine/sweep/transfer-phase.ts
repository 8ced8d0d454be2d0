import type * as tf from '@tensorflow/tfjs';
import { classifierLogits, transferClassifier } from '../backbones/transfer';
import type { SweepBackbone } from './backbone-phase';
import type { SweepFeatures } from './features-phase';
import { PhaseProgress } from './phase-progress';
import type { SweepContext } from './sweep-context';

/** The backbone the exits are measured against: the provided one, or the same with its new classifier. */
export interface DeployedBackbone {
  model: tf.LayersModel;
  /** The classifier a transfer run trained (export rebuilds the backbone with it); null without transfer. */
  classifier: { kernel: Float32Array; bias: Float32Array } | null;
  /** Frees the new classifier layer (the provided backbone is the caller's). */
  dispose(): void;
}

/**
 * A backbone pretrained on other classes gets a new classifier trained on its cached penultimate features — the
 * seed's transfer-learning step; each split's final logits become that classifier's.
 */
export async function transferPhase(ctx: SweepContext, backbone: SweepBackbone, features: SweepFeatures): Promise<DeployedBackbone> {
  if (!backbone.transfer) return { model: backbone.model, classifier: null, dispose: () => undefined };
  const { config, spec } = ctx;
  const progress = new PhaseProgress(ctx.emit, 'heads', `New ${backbone.classes}-class classifier for ${spec.name} on its frozen features (transfer)`);
  const t = await transferClassifier(backbone.model, backbone.classifier, features.train, backbone.classes, {
    epochs: config.epochs.heads,
    seed: config.seed + 3,
    onProgress: (done, total, loss) => progress.step(done, total, 'final', loss),
    signal: ctx.signal,
  });
  for (const f of [features.train, features.val, features.test]) {
    f.finalLogits = classifierLogits(t, f.penultimate!, f.n);
    f.classes = backbone.classes;
    f.penultimate = null;
  }
  ctx.timings.transfer = progress.seconds();
  return { model: t.model, classifier: { kernel: t.kernel, bias: t.bias }, dispose: () => t.model.getLayer(backbone.classifier.classifier).dispose() };
}
