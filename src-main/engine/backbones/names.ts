/**
 * Backbone names without the models: the config schema (which the renderer also runs) validates against these
 * and must not pull in tfjs. The catalog test checks that every name here has a spec and vice versa.
 */
export const CATALOG_BACKBONES = ['mnist-small', 'resnet20', 'resnet32', 'resnet44', 'resnet56', 'resnet50', 'vgg11', 'densenet121'] as const;

/** A catalog name, or `tfjs:DIR` (a tfjs LayersModel folder). */
export function isBackboneName(name: string): boolean {
  return (CATALOG_BACKBONES as readonly string[]).includes(name) || /^tfjs:.+/.test(name);
}
