import type { BackboneInfo, DatasetInfo } from '@api/models';

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
export function backboneFit(backbone: BackboneInfo | null, dataset: DatasetInfo | null, catalog: readonly BackboneInfo[]): BackboneFit | null {
  // Image folders and Imagenette are decoded at the backbone's own size and channels: they fit every backbone.
  const images = dataset?.images;
  if (!backbone || !images || same(backbone.input, images)) return null;
  const fitting = catalog.filter((b) => same(b.input, images)).map((b) => b.name);
  const instead = fitting.length ? ` Choose ${listed(fitting)} for ${dataset.name}.` : '';
  const takes = `${backbone.name} takes ${describe(backbone.input)}; ${dataset.name} has ${describe(images)}`;
  if (backbone.input[2] === 1) return { level: 'error', message: `${takes}, which it cannot read.${instead}` };
  if (images[2] === 1) return { level: 'warning', message: `${takes}: they are copied into three channels and resized, so it runs, but it was not made for them.${instead}` };
  return null;
}
