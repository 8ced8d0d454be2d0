import { createHash } from 'node:crypto';
import { pretrainedFile, loadPretrained } from '../weights/pretrained';
import type { BackboneSpec } from './catalog';
import { loadLayersModel } from './model-io';
import type { BackboneProvision } from './provide';

export interface PretrainedRequest {
  spec: BackboneSpec;
  /** A PyTorch state dict (safetensors) with the architecture's layer names; default: the hub's weights. */
  weights?: string;
  cacheDir: string;
  onLog?: (message: string) => void;
  signal?: AbortSignal;
}

/** True when the backbone comes from weights rather than from training on the run's split. */
export function usesPretrained(spec: BackboneSpec, weights?: string): boolean {
  return !!weights || !!spec.modelDir || !!spec.needsWeights;
}

/** A tfjs LayersModel folder, a given safetensors file, or the backbone's published weights (downloaded once). */
export async function providePretrained(req: PretrainedRequest): Promise<BackboneProvision> {
  const { spec } = req;
  if (spec.modelDir && !req.weights) {
    const model = await loadLayersModel(spec.modelDir);
    const key = `tfjs-${createHash('sha256').update(spec.modelDir).digest('hex').slice(0, 16)}`;
    return { model, source: 'pretrained', key, dir: spec.modelDir };
  }
  if (spec.modelDir) throw new Error(`--weights does not apply to ${spec.name}: a tfjs model folder carries its own weights.`);
  const file = req.weights ?? (await pretrainedFile(spec, req.cacheDir, req.onLog, req.signal));
  const loaded = await loadPretrained(spec, file);
  req.onLog?.(`Loaded ${spec.name} weights from ${file} (${loaded.classes} classes, SHA-256 ${loaded.sha256.slice(0, 12)}…).`);
  return { model: loaded.model, source: 'pretrained', key: `${spec.name}-${loaded.sha256.slice(0, 16)}`, dir: file };
}
