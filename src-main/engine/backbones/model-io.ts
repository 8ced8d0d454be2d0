import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../util/error-message';

/**
 * Saves and loads a LayersModel as the standard tfjs layout (`model.json` + `weights.bin`) without tfjs-node,
 * whose `file://` handler is not available on every backend. Writes are atomic: the folder is written beside the
 * target and renamed into place, so a crash never leaves half a model behind.
 */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData;
      const buffers = weightData === undefined ? [] : Array.isArray(weightData) ? weightData : [weightData];
      const bin = Buffer.concat(buffers.map((b) => Buffer.from(b)));
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFile(path.join(tmp, 'weights.bin'), bin);
      await writeFile(path.join(tmp, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bin.byteLength } };
    }),
  );
  await mkdir(path.dirname(dir), { recursive: true });
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
}

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  const jsonPath = path.join(dir, 'model.json');
  let json: ModelJson;
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8')) as ModelJson;
  } catch (e) {
    throw new Error(`Cannot read ${jsonPath}: ${errorMessage(e)}`);
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${jsonPath} is not a tfjs LayersModel (missing modelTopology or weightsManifest).`);
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const shards: Buffer[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) shards.push(await readFile(path.join(dir, p)));
  }
  const bin = Buffer.concat(shards);
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
}
