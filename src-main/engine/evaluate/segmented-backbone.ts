import * as tf from '@tensorflow/tfjs';
import { ancestors } from '../exits/costs';

type Layer = tf.layers.Layer;

/**
 * Runs a functional backbone one segment at a time: segment k ends at exit layer k, the last segment at the
 * classifier. Between segments the caller may drop samples (those that left); every tensor a later segment still
 * reads is then gathered down to the remaining rows. This is what makes early exit save real time.
 */
export class SegmentedBackbone {
  private readonly segments: Layer[][];
  /** Per segment boundary, the layer outputs that later segments read. */
  private readonly liveAfter: Set<string>[];

  constructor(model: tf.LayersModel, exitLayers: string[]) {
    const order = model.layers;
    const ends = [...exitLayers.map((n) => model.getLayer(n)), model.getLayer(model.outputLayers[0].name)];
    const seen = new Set<Layer>();
    this.segments = ends.map((end) => {
      const need = ancestors(end);
      const seg = order.filter((l) => need.has(l) && !seen.has(l) && l.getClassName() !== 'InputLayer');
      seg.forEach((l) => seen.add(l));
      return seg;
    });
    this.liveAfter = this.segments.map((_, k) => {
      const live = new Set<string>();
      for (const later of this.segments.slice(k + 1)) for (const l of later) for (const src of inboundLayers(l)) live.add(src.name);
      return live;
    });
  }

  get count(): number {
    return this.segments.length;
  }

  /** Runs segment k on `state` (layer name → tensor, the input under the input layer's name); returns its last output. */
  run(k: number, state: Map<string, tf.Tensor>): tf.Tensor {
    let out: tf.Tensor | undefined;
    for (const layer of this.segments[k]) {
      const inputs = inboundLayers(layer).map((l) => {
        const t = state.get(l.name);
        if (!t) throw new Error(`Segment ${k}: ${layer.name} reads ${l.name}, which is not available.`);
        return t;
      });
      out = layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false }) as tf.Tensor;
      state.set(layer.name, out);
    }
    return out!;
  }

  /** Keeps only rows `keep` of every tensor a later segment reads; frees the rest of the state. */
  shrink(k: number, state: Map<string, tf.Tensor>, keep: tf.Tensor1D): Map<string, tf.Tensor> {
    const next = new Map<string, tf.Tensor>();
    for (const name of this.liveAfter[k]) {
      const t = state.get(name);
      if (t) next.set(name, tf.gather(t, keep));
    }
    return next;
  }
}

function inboundLayers(layer: Layer): Layer[] {
  return layer.inboundNodes[0]?.inboundLayers ?? [];
}
