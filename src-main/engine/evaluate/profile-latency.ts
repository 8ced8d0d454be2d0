import * as tf from '@tensorflow/tfjs';
import type { LatencyProfile } from '../budget/latency-profile';
import { scaleLogits } from '../calibration/temperature';
import { gateRows, type ExitSignals } from '../exits/gate-inputs';
import { poolFeatures } from '../exits/pooling';
import type { EarlyExitModel } from './early-exit-runtime';
import { summariseLogits } from './logit-summary';
import type { SegmentRunner } from './segmented-backbone';

/** Waits until `t` is computed, on any backend, without copying it out: a one-number reduction is read back. */
function settle(t: tf.Tensor): void {
  const m = t.max();
  m.dataSync();
  m.dispose();
}

/**
 * Milliseconds per image of each step of early exit — backbone segment k, then exit k's pooling, head, softmax
 * statistics and gate — with every sample going through every step (nothing leaves), and of the plain backbone,
 * on one batch. Each measurement is the fastest of `repeats` after a warm-up: other work on the machine only adds
 * time. The gates' weights do not matter to their cost, so freshly built gates of the right shape serve.
 */
export async function profileLatency(model: EarlyExitModel & { backbone: tf.LayersModel }, seg: SegmentRunner, x: tf.Tensor4D, backend: string, repeats = 3): Promise<LatencyProfile> {
  const n = x.shape[0];
  const steps = seg.count;
  const segMs = new Array<number>(steps).fill(Infinity);
  const exitMs = new Array<number>(steps).fill(Infinity);
  let fullMs = Infinity;
  for (let r = 0; r <= repeats; r++) {
    const state = new Map<string, tf.Tensor>([[seg.inputName, x]]);
    const history: ExitSignals[] = [];
    for (let k = 0; k < steps; k++) {
      let t = performance.now();
      const act = seg.run(k, state);
      settle(act);
      const s = performance.now() - t;
      let e = 0;
      if (k < steps - 1) {
        t = performance.now();
        const pooled = poolFeatures(act as tf.Tensor4D, model.pooling, model.grid);
        const logits = model.heads[k].apply({ act: act as tf.Tensor4D, pooled });
        const z = scaleLogits((await logits.data()) as Float32Array, model.temperatures?.[k] ?? 1);
        history[k] = summariseLogits(z, n, logits.shape[1], new Int32Array(n));
        if (model.gates[k]) {
          const kind = model.gateInput ?? 'pooled';
          const input =
            kind === 'uncertainty' || kind === 'both'
              ? tf.tensor2d(gateRows(kind, kind === 'both' ? ((await pooled.data()) as Float32Array) : null, pooled.shape[1], history, k, n), [n, model.gates[k].spec.inDim])
              : kind === 'flatten'
                ? act.reshape([n, -1])
                : pooled.clone();
          const g = tf.tidy(() => tf.sigmoid(model.gates[k].apply(input as tf.Tensor2D)));
          await g.data();
          tf.dispose([input, g]);
        }
        tf.dispose([pooled, logits]);
        e = performance.now() - t;
      }
      // The first round warms up (kernels compiled, buffers allocated) and is not counted.
      if (r > 0) {
        segMs[k] = Math.min(segMs[k], s);
        exitMs[k] = Math.min(exitMs[k], e);
      }
    }
    state.delete(seg.inputName);
    tf.dispose([...state.values()]);
    const t = performance.now();
    const y = model.backbone.predict(x) as tf.Tensor;
    settle(y);
    if (r > 0) fullMs = Math.min(fullMs, performance.now() - t);
    y.dispose();
  }
  return {
    backend,
    batchSize: n,
    stepMs: segMs.map((s, k) => (s + exitMs[k]) / n),
    exitMs: exitMs.map((e) => e / n),
    fullMsPerImage: fullMs / n,
  };
}
