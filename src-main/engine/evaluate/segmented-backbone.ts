import * as tf from '@tensorflow/tfjs';
import { ancestors } from '../exits/costs';
import { takeRows } from './take-rows';

type Layer = tf.layers.Layer;

/** Runs a backbone cut at its exits, one segment at a time, on a state of named layer outputs. */
export interface SegmentRunner {
  readonly count: number;
  /** The name the network input goes under in the state. */
  readonly inputName: string;
  /** Runs segment k on `state`, adds what it produces, returns the exit's activation (the logits for the last). */
  run(k: number, state: Map<string, tf.Tensor>): tf.Tensor;
  /** Keeps only rows `keep` of every tensor a later segment reads, in a new state; the old one is the caller's. */
  shrink(k: number, state: Map<string, tf.Tensor>, keep: Int32Array): Map<string, tf.Tensor>;
}

/**
 * Runs a functional backbone one segment at a time: segment k ends at exit layer k, the last segment at the
 * classifier. Between segments the caller may drop samples (those that left); every tensor a later segment still
 * reads is then gathered down to the remaining rows. This is what makes early exit save real time.
 */
export class SegmentedBackbone implements SegmentRunner {
  readonly inputName: string;
  private readonly segments: Layer[][];
  /** Per segment boundary, the layer outputs that later segments read. */
  private readonly liveAfter: Set<string>[];

  constructor(model: tf.LayersModel, exitLayers: string[]) {
    this.inputName = model.inputLayers[0].name;
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

  /** The layers of segment k, in an order that runs them. */
  layersOf(k: number): readonly Layer[] {
    return this.segments[k];
  }

  /** Names of the layer outputs (of this or earlier segments) that segments after k read. */
  readAfter(k: number): ReadonlySet<string> {
    return this.liveAfter[k];
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
  shrink(k: number, state: Map<string, tf.Tensor>, keep: Int32Array): Map<string, tf.Tensor> {
    const next = new Map<string, tf.Tensor>();
    for (const name of this.liveAfter[k]) {
      const t = state.get(name);
      if (t) next.set(name, takeRows(t, keep));
    }
    return next;
  }
}

function inboundLayers(layer: Layer): Layer[] {
  return layer.inboundNodes[0]?.inboundLayers ?? [];
}
