import { z } from 'zod';
import { MAX_ALPHAS } from './alpha-range';
import { CATALOG_BACKBONES, isBackboneName } from './backbones/names';
import { DATASET_SPEC_PATTERN } from './data/dataset-specs';

const epochCount = (what: string, max: number) =>
  z
    .number({ message: `${what} epochs must be a number.` })
    .int(`${what} epochs must be a whole number.`)
    .min(1, `${what} epochs must be at least 1.`)
    .max(max, `${what} epochs must be at most ${max}.`);

/** Every choice a sweep takes. One schema serves the CLI, the contract and the UI's inline validation. */
export const sweepConfigSchema = z
  .object({
    dataset: z
      .string()
      .trim()
      .min(1, 'Choose a dataset: "mnist", or e.g. "cifar10:DIR".')
      .refine((s) => DATASET_SPEC_PATTERN.test(s), {
        message: 'Unknown dataset. Use "mnist", "fashion-mnist:DIR", "cifar10:DIR", "cifar100:DIR", "imagefolder:DIR" or "imagenette:DIR".',
      }),
    backbone: z.string().refine(isBackboneName, { message: `Unknown backbone. Available: ${CATALOG_BACKBONES.join(', ')}, or tfjs:DIR.` }),
    /** Pretrained weights: a PyTorch state dict (safetensors) with the backbone's torchvision layer names. */
    weights: z.string().trim().min(1, 'Give the weights file.').optional(),
    /** Exit point names from the backbone's presets; empty means all of them. */
    exits: z.array(z.string().min(1)).default([]),
    alphas: z
      .array(z.number().min(0, 'α must be ≥ 0.').max(1, 'α must be ≤ 1.'))
      .min(1, 'Give at least one α.')
      .max(MAX_ALPHAS, `At most ${MAX_ALPHAS} α values.`),
    head: z.enum(['linear', 'mlp', 'conv'], { message: 'Head must be "linear", "mlp" or "conv".' }).default('linear'),
    pooling: z
      .enum(['adaptive', 'gap', 'flatten'], { message: 'Pooling must be "adaptive", "gap" or "flatten".' })
      .default('adaptive'),
    poolGrid: z.number().int('Pool grid must be a whole number.').min(1, 'Pool grid must be at least 1.').max(8, 'Pool grid must be at most 8.').default(4),
    gateInput: z
      .enum(['pooled', 'flatten', 'uncertainty', 'both'], { message: 'Gate input must be "pooled", "flatten", "uncertainty" or "both".' })
      .default('uncertainty'),
    /**
     * `leenet`: the seed's loss per α. `correct`: each gate learns P(its exit is right); `safe`: P(leaving there
     * loses nothing against the backbone's own classifier); `auto`: both, and validation picks per budget. For all
     * but `leenet`, gate models train once and α picks the threshold (and the model).
     */
    gateTarget: z
      .enum(['auto', 'safe', 'correct', 'leenet'], { message: 'Gate target must be "auto", "safe", "correct" or "leenet".' })
      .default('auto'),
    /** Per-exit temperature scaling fitted on validation, before any rule or gate sees a probability. */
    calibration: z.enum(['temperature', 'none'], { message: 'Calibration must be "temperature" or "none".' }).default('temperature'),
    /** Heads and gates retrained this many times on the same split and features: figures carry mean ± std. */
    seeds: z.number().int('Seeds must be a whole number.').min(1, 'Seeds must be at least 1.').max(10, 'Seeds must be at most 10.').default(1),
    gateSplit: z.enum(['val', 'train'], { message: 'Gate split must be "val" or "train".' }).default('val'),
    /** `latency`: each exit's measured ms on this machine's backend (profiled before the gates train). */
    cost: z.enum(['flops', 'params', 'latency'], { message: 'Cost must be "flops", "params" or "latency".' }).default('flops'),
    epochs: z
      .object({
        backbone: epochCount('Backbone', 100).default(3),
        heads: epochCount('Head', 200).default(8),
        gates: epochCount('Gate', 500).default(30),
      })
      .default({ backbone: 3, heads: 8, gates: 30 }),
    seed: z.number().int('Seed must be a whole number.').min(0, 'Seed must be ≥ 0.').max(2 ** 31 - 1, 'Seed must be < 2³¹.').default(42),
    /** Use at most this many training and this many test samples (for quick looks). */
    limit: z.number().int('Limit must be a whole number.').min(20, 'Limit must be at least 20.').optional(),
    /** Use at most this many samples of each class for training (train + val) and for test. */
    perClass: z.number().int('Per-class limit must be a whole number.').min(2, 'Per-class limit must be at least 2.').optional(),
    /** Share of the official training set held out as validation. */
    valShare: z.number().gt(0, 'Validation share must be > 0.').lt(0.9, 'Validation share must be < 0.9.').default(0.1),
    /** `official`: the dataset's own test set; `80/20`: the seed's split of the training set. */
    splitMode: z.enum(['official', '80/20'], { message: 'Split must be "official" or "80/20".' }).default('official'),
  })
  .strict();

export type SweepConfigInput = z.input<typeof sweepConfigSchema>;
export type SweepConfig = z.output<typeof sweepConfigSchema>;

/** One message per wrong field, keyed by its path (`epochs.heads`), for inline UI errors and the CLI. */
export function describeConfigErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '(config)';
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}
