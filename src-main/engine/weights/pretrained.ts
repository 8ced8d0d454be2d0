import type * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BackboneSpec } from '../backbones/catalog';
import { downloadFile, DownloadError, sha256File, verifyCached } from '../download/download-file';
import { readSafetensors } from './safetensors';
import { checkpointClasses, importStateDict } from './state-dict';

export interface PretrainedModel {
  model: tf.LayersModel;
  /** SHA-256 of the weights file: part of every cache key built on these weights. */
  sha256: string;
  file: string;
  classes: number;
}

/** Where the hub weights of a catalog backbone are cached. */
export function pretrainedPath(spec: BackboneSpec, cacheDir: string): string {
  return path.join(cacheDir, 'weights', `${spec.name}.safetensors`);
}

/**
 * The backbone's published weights: the cached copy (checked against its recorded SHA-256), else downloaded from
 * the public hub. Offline, the error says which file to put where.
 */
export async function pretrainedFile(spec: BackboneSpec, cacheDir: string, onLog?: (message: string) => void, signal?: AbortSignal): Promise<string> {
  const file = pretrainedPath(spec, cacheDir);
  if (existsSync(file)) {
    await verifyCached(file, spec.pretrained?.sha256);
    return file;
  }
  if (!spec.pretrained) {
    throw new DownloadError(`${spec.name} has no published weights to download: pass --weights FILE (a PyTorch state dict in safetensors).`);
  }
  onLog?.(`Downloading ${spec.name} ImageNet weights from ${spec.pretrained.url} to ${file} …`);
  await downloadFile(spec.pretrained.url, file, { what: `${spec.name} ImageNet weights`, sha256: spec.pretrained.sha256, signal });
  return file;
}

/** Builds the backbone to match the checkpoint's classifier and imports its PyTorch state dict. */
export async function loadPretrained(spec: BackboneSpec, file: string): Promise<PretrainedModel> {
  const st = await readSafetensors(file);
  const classes = spec.classifier ? checkpointClasses(st, spec.classifier, spec.keyAliases) : null;
  if (classes === null) throw new Error(`${file} has no ${spec.classifier ?? 'classifier'}.weight: is it a ${spec.name} state dict?`);
  const model = spec.build(0, classes);
  try {
    importStateDict(model, st, { aliases: spec.keyAliases });
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { model, sha256: await sha256File(file), file, classes };
}
