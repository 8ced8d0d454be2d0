import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BackboneSpec } from './catalog';
import { unitScaledInput } from './preprocess';
import { errorMessage } from '../util/error-message';

interface LayerJson {
  name?: string;
  config?: { name?: string; batch_input_shape?: (number | null)[]; batchInputShape?: (number | null)[] };
}

interface TopologyJson {
  modelTopology?: { config?: { layers?: LayerJson[] }; model_config?: { config?: { layers?: LayerJson[] } } };
}

/**
 * Any tfjs LayersModel folder (`model.json` + weight shards) as a backbone. Its exit layers are chosen by name
 * (`--exits`); it has no presets because only its author knows where its stages end. Pixels are scaled to [0, 1]
 * at the model's own input size.
 */
export function tfjsBackboneSpec(dir: string): BackboneSpec {
  const file = path.join(dir, 'model.json');
  let json: TopologyJson;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as TopologyJson;
  } catch (e) {
    throw new Error(`tfjs:${dir}: cannot read ${file} (${errorMessage(e)}).`);
  }
  const layers = json.modelTopology?.config?.layers ?? json.modelTopology?.model_config?.config?.layers;
  if (!layers?.length) throw new Error(`tfjs:${dir}: ${file} is not a tfjs LayersModel (no layers in modelTopology).`);
  const first = layers[0].config;
  const shape = first?.batch_input_shape ?? first?.batchInputShape;
  if (!shape || shape.length !== 4 || shape.slice(1).some((d) => d === null)) {
    throw new Error(`tfjs:${dir}: the model's input must be a fixed-size image [H, W, C]; found ${JSON.stringify(shape)}.`);
  }
  const [h, w, c] = shape.slice(1) as number[];
  return {
    name: `tfjs:${dir}`,
    description: `tfjs LayersModel from ${dir}`,
    input: [h, w, c],
    exits: [],
    defaultEpochs: 1,
    build: () => {
      throw new Error(`tfjs:${dir} is loaded from disk, not built.`);
    },
    makeInput: unitScaledInput(h, w, c),
    modelDir: dir,
  };
}
