import type { BackboneInfo } from '@api/models';

/**
 * The images each dataset brings, where they are fixed. The catalog does not say (DatasetInfo has no shape); image
 * folders and Imagenette are decoded at the backbone's own size and channels, so they fit every backbone.
 */
const DATASET_IMAGES: Readonly<Record<string, readonly [number, number, number]>> = {
  mnist: [28, 28, 1],
  'fashion-mnist': [28, 28, 1],
  cifar10: [32, 32, 3],
  cifar100: [32, 32, 3],
};

export interface BackboneFit {
  /** `error`: the run cannot read the images (Run stays disabled); `warning`: it runs, adapted, but is a poor match. */
  level: 'error' | 'warning';
  message: string;
}

const describe = ([h, w, c]: readonly [number, number, number]) => `${h}×${w} ${c === 1 ? 'grey' : 'colour'} images`;
const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function listed(names: string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0];
}

/**
 * Whether the chosen backbone can take the dataset's images, said before Run. A grey backbone reads its own shape
 * only (the engine scales its pixels and nothing else), so colour or other-sized images cannot run; a colour backbone
 * copies grey images into three channels and resizes them, which runs but is rarely what was meant.
 */
export function backboneFit(backbone: BackboneInfo | null, dataset: string, catalog: readonly BackboneInfo[]): BackboneFit | null {
  const images = DATASET_IMAGES[dataset];
  if (!backbone || !images || same(backbone.input, images)) return null;
  const fitting = catalog.filter((b) => same(b.input, images)).map((b) => b.name);
  const instead = fitting.length ? ` Choose ${listed(fitting)} for ${dataset}.` : '';
  const takes = `${backbone.name} takes ${describe(backbone.input)}; ${dataset} has ${describe(images)}`;
  if (backbone.input[2] === 1) return { level: 'error', message: `${takes}, which it cannot read.${instead}` };
  if (images[2] === 1) return { level: 'warning', message: `${takes}: they are copied into three channels and resized, so it runs, but it was not made for them.${instead}` };
  return null;
}
