import { z } from 'zod';

export const MANIFEST_FILE = 'leenet-model.json';
export const EXITS_WEIGHTS_FILE = 'exits.safetensors';

const denseSpec = z.object({ inDim: z.number().int().positive(), hidden: z.number().int().positive().nullable(), outDim: z.number().int().positive() });
const pair = z.tuple([z.number().int().positive(), z.number().int().positive()]);
const convSpec = z.object({
  inShape: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
  width: z.number().int().positive(),
  stride: z.number().int().positive(),
  window: pair,
  grid: pair,
  classes: z.number().int().positive(),
});
const figures = z.object({ accuracy: z.number(), cost: z.number(), speedup: z.number(), msPerImage: z.number().nullable(), exitFractions: z.array(z.number()) });

/**
 * The one JSON file of an exported early-exit model: everything the loader needs besides the tfjs model files of
 * the segments and the exits' weights (`exits.safetensors`: head.K.* and gate.K.*, the DenseNet layout).
 */
export const manifestSchema = z.object({
  format: z.literal('leenet-early-exit'),
  version: z.literal(1),
  source: z.object({ runId: z.string(), backbone: z.string(), dataset: z.string() }),
  classNames: z.array(z.string()),
  input: z.object({
    shape: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
    /** `normalise`: torchvision's eval transform (resize, centre crop, mean/std); `unit`: pixels / 255 at the input size. */
    preprocess: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('normalise'), resize: z.number(), crop: z.number(), mean: z.tuple([z.number(), z.number(), z.number()]), std: z.tuple([z.number(), z.number(), z.number()]) }),
      z.object({ kind: z.literal('unit') }),
    ]),
  }),
  /** Early exits and the backbone's classifier, with their cost as a fraction of the plain backbone's. */
  exits: z.array(z.object({ name: z.string(), cost: z.number() })).min(2),
  segments: z.array(z.object({ path: z.string(), inputs: z.array(z.string()).min(1), outputs: z.array(z.string()).min(1) })).min(2),
  pooling: z.enum(['adaptive', 'gap', 'flatten']),
  grid: z.number().int().positive(),
  /** Linear or MLP heads (`head.K.*` in the DenseNet layout), or — when `convHeads` is given — none. */
  heads: z.array(denseSpec),
  /** SDN-style conv heads (`head.K.tN`, the order of `ConvHead.state`). */
  convHeads: z.array(convSpec).optional(),
  temperatures: z.array(z.number().positive()),
  rule: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('gates'), threshold: z.number(), gateInput: z.enum(['pooled', 'uncertainty', 'both', 'flatten']), gates: z.array(denseSpec) }),
    z.object({ kind: z.literal('max-softmax'), threshold: z.number() }),
    z.object({ kind: z.literal('entropy'), threshold: z.number() }),
    z.object({ kind: z.literal('patience'), k: z.number().int().positive() }),
  ]),
  /** How it was chosen and what it did on the run's splits (validation chose; test is reported). */
  operatingPoint: z.object({
    policy: z.string(),
    alpha: z.number().nullable(),
    reference: z.object({ validation: z.number(), test: z.number() }),
    validation: figures,
    test: figures,
  }),
});

export type EarlyExitManifest = z.infer<typeof manifestSchema>;
