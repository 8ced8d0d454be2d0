import type * as tf from '@tensorflow/tfjs';
import type { SegmentRunner } from '../evaluate/segmented-backbone';
import { takeRows } from '../evaluate/take-rows';
import type { BackboneSegment } from './segment-models';

/** Runs a backbone saved as one LayersModel per segment: each reads its inputs from the state by layer name. */
export class ModelSegments implements SegmentRunner {
  readonly inputName: string;
  /** Per segment boundary, the layer outputs later segments read. */
  private readonly readLater: Set<string>[];

  constructor(private readonly segments: BackboneSegment[]) {
    this.inputName = segments[0].inputs[0];
    this.readLater = segments.map((_, k) => new Set(segments.slice(k + 1).flatMap((s) => s.inputs)));
  }

  get count(): number {
    return this.segments.length;
  }

  run(k: number, state: Map<string, tf.Tensor>): tf.Tensor {
    const seg = this.segments[k];
    const xs = seg.inputs.map((name) => {
      const t = state.get(name);
      if (!t) throw new Error(`Segment ${k} reads ${name}, which no earlier segment produced.`);
      return t;
    });
    const ys = seg.model.apply(xs.length === 1 ? xs[0] : xs, { training: false }) as tf.Tensor | tf.Tensor[];
    const outs = Array.isArray(ys) ? ys : [ys];
    seg.outputs.forEach((name, i) => state.set(name, outs[i]));
    return outs[0];
  }

  shrink(k: number, state: Map<string, tf.Tensor>, keep: Int32Array): Map<string, tf.Tensor> {
    const next = new Map<string, tf.Tensor>();
    for (const name of this.readLater[k]) {
      const t = state.get(name);
      if (t) next.set(name, takeRows(t, keep));
    }
    return next;
  }

  dispose(): void {
    this.segments.forEach((s) => s.model.dispose());
  }
}
