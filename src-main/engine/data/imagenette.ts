import { existsSync } from 'node:fs';
import path from 'node:path';
import { DatasetError } from './errors';
import { DEFAULT_IMAGE_SIZE, loadImageFolder, type ImageSize } from './image-folder';
import type { ImageDataset } from './types';

export const IMAGENETTE_FOLDER = 'imagenette2-320';

/** Imagenette's ten WordNet ids (sorted, as ImageFolder numbers them), their names and ImageNet-1k class indices. */
export const IMAGENETTE_CLASSES: { wnid: string; name: string; imagenet: number }[] = [
  { wnid: 'n01440764', name: 'tench', imagenet: 0 },
  { wnid: 'n02102040', name: 'English springer', imagenet: 217 },
  { wnid: 'n02979186', name: 'cassette player', imagenet: 482 },
  { wnid: 'n03000684', name: 'chain saw', imagenet: 491 },
  { wnid: 'n03028079', name: 'church', imagenet: 497 },
  { wnid: 'n03394916', name: 'French horn', imagenet: 566 },
  { wnid: 'n03417042', name: 'garbage truck', imagenet: 569 },
  { wnid: 'n03425413', name: 'gas pump', imagenet: 571 },
  { wnid: 'n03445777', name: 'golf ball', imagenet: 574 },
  { wnid: 'n03888605', name: 'parachute', imagenet: 701 },
];

/** DIR itself when it has train/, else DIR/imagenette2-320. */
export function locateImagenette(dir: string): string | null {
  if (existsSync(path.join(dir, 'train'))) return dir;
  if (existsSync(path.join(dir, IMAGENETTE_FOLDER, 'train'))) return path.join(dir, IMAGENETTE_FOLDER);
  return null;
}

/** Imagenette (`imagenette2-320/{train,val}/<wnid>/*.JPEG`): an ImageFolder with readable names and ImageNet indices. */
export function loadImagenette(dir: string, size: ImageSize = DEFAULT_IMAGE_SIZE, spec = `imagenette:${dir}`): ImageDataset {
  const root = locateImagenette(dir);
  if (!root) throw new DatasetError(`No Imagenette in ${dir}: expected train/ and val/ there or in ${path.join(dir, IMAGENETTE_FOLDER)}.`);
  const ds = loadImageFolder(root, size, spec, 'Imagenette');
  const known = ds.classNames.map((wnid) => IMAGENETTE_CLASSES.find((c) => c.wnid === wnid));
  if (known.some((c) => !c)) {
    throw new DatasetError(`${root}/train has folders that are not Imagenette classes: ${ds.classNames.filter((_, i) => !known[i]).join(', ')}.`);
  }
  return { ...ds, classNames: known.map((c) => c!.name), imagenetIndex: known.map((c) => c!.imagenet) };
}
