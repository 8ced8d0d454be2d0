import * as tf from '@tensorflow/tfjs';
import { SegmentedBackbone } from '../evaluate/segmented-backbone';

type Layer = tf.layers.Layer;

/** One piece of the backbone as its own LayersModel: what it reads and what it hands on, by layer name. */
export interface BackboneSegment {
  model: tf.LayersModel;
  /** Layer outputs it reads (the network input's layer name for the first), in the model's input order. */
  inputs: string[];
  /** Layer outputs it produces that the exit or a later segment reads; the first is the exit's activation. */
  outputs: string[];
}

interface LayerJson {
  class_name: string;
  name: string;
  config: { name?: string; [key: string]: unknown };
  inbound_nodes: unknown[];
}

function inboundLayers(layer: Layer): Layer[] {
  return layer.inboundNodes[0]?.inboundLayers ?? [];
}

function layerJsonOf(model: tf.LayersModel): Map<string, LayerJson> {
  const json = model.toJSON(undefined, false) as unknown as { config: { layers?: LayerJson[] } | LayerJson[] };
  const list = Array.isArray(json.config) ? json.config : (json.config.layers ?? []);
  return new Map(list.map((l) => [l.config.name ?? l.name, l]));
}

/**
 * Cuts a functional backbone into one LayersModel per segment (segment k ends at exit layer k, the last at the
 * classifier), sharing no state with the original: each is rebuilt from the layers' serialised configs with
 * placeholder inputs named after the layers it reads, and takes those layers' weights. What a later segment needs
 * from an earlier one (a skip connection across an exit) is among the earlier segment's outputs.
 */
export async function cutBackbone(backbone: tf.LayersModel, exitLayers: string[]): Promise<BackboneSegment[]> {
  const plan = new SegmentedBackbone(backbone, exitLayers);
  const configs = layerJsonOf(backbone);
  const layerOf = (name: string) => backbone.getLayer(name);
  const out: BackboneSegment[] = [];
  for (let k = 0; k < plan.count; k++) {
    const layers = plan.layersOf(k);
    const own = new Set(layers.map((l) => l.name));
    const inputs = [...new Set(layers.flatMap((l) => inboundLayers(l).map((src) => src.name)).filter((n) => !own.has(n)))];
    const end = layers[layers.length - 1].name;
    const handedOn = [...plan.readAfter(k)].filter((n) => own.has(n) && n !== end);
    const outputs = [end, ...handedOn];
    const placeholders: LayerJson[] = inputs.map((name) => ({
      class_name: 'InputLayer',
      name,
      config: { name, batch_input_shape: [null, ...(layerOf(name).outputShape as number[]).slice(1)], dtype: 'float32', sparse: false },
      inbound_nodes: [],
    }));
    const body: LayerJson[] = layers.map((l) => {
      const c = configs.get(l.name);
      if (!c) throw new Error(`Layer ${l.name} has no serialised config: the backbone cannot be cut at its exits.`);
      return { ...c, inbound_nodes: [inboundLayers(l).map((src) => [src.name, 0, 0, {}])] };
    });
    const topology = {
      class_name: 'Model',
      config: { name: `segment_${k}`, layers: [...placeholders, ...body], input_layers: inputs.map((n) => [n, 0, 0]), output_layers: outputs.map((n) => [n, 0, 0]) },
      keras_version: `tfjs-layers ${tf.version.tfjs}`,
      backend: 'tensor_flow.js',
    };
    const model = await tf.models.modelFromJSON({ modelTopology: topology } as unknown as tf.io.ModelJSON);
    for (const l of layers) model.getLayer(l.name).setWeights(l.getWeights());
    out.push({ model, inputs, outputs });
  }
  return out;
}
