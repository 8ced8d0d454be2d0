import type * as tf from '@tensorflow/tfjs';
import type { CostModel } from './costs';
import { denseNetCost, type DenseNet, type DenseNetSpec } from './dense-net';

export type ExitHeadKind = 'linear' | 'mlp' | 'conv';

/**
 * What a head may read at its exit. The live runtime passes both; the cached evaluation builds only the one the
 * head's `reads` names, because the raw activations are often not cached (or not in memory).
 */
export interface ExitHeadInput {
  /** The exit's activation [B, H, W, C]. */
  act?: tf.Tensor4D;
  /** Its pooled features [B, d]. */
  pooled?: tf.Tensor2D;
}

/** One early exit's classifier, whatever its kind: the rest of the engine treats every head through this. */
export interface ExitHeadModel {
  readonly kind: ExitHeadKind;
  readonly classes: number;
  /** What the head reads: the pooled features (dense heads) or the exit's raw activation (conv). */
  readonly reads: 'pooled' | 'raw';
  /** Logits [B, classes] from the input its `reads` names (a missing one throws). Caller owns the result. */
  apply(input: ExitHeadInput): tf.Tensor2D;
  /** Per-sample inference cost (FLOPs or parameters) of the head, its own pooling included. */
  cost(model: CostModel): number;
  dispose(): void;
}

/** What the cost accounting needs of a head; a spec can provide it without any tensors. */
export type ExitHeadCost = Pick<ExitHeadModel, 'classes' | 'reads' | 'cost'>;

/** The cost view of a dense head from its spec alone (the pooling it reads is shared with the gate, so not counted). */
export function denseHeadCost(spec: DenseNetSpec): ExitHeadCost {
  return { classes: spec.outDim, reads: 'pooled', cost: (model) => denseNetCost(spec, model) };
}

/** A linear or MLP head on the pooled features: the DenseNet the gates also use, behind the common interface. */
export class DenseExitHead implements ExitHeadModel {
  readonly reads = 'pooled';

  constructor(readonly net: DenseNet) {}

  get kind(): ExitHeadKind {
    return this.net.spec.hidden === null ? 'linear' : 'mlp';
  }

  get classes(): number {
    return this.net.spec.outDim;
  }

  apply({ pooled }: ExitHeadInput): tf.Tensor2D {
    if (!pooled) throw new Error(`A ${this.kind} head reads the pooled features, which were not given.`);
    return this.net.apply(pooled);
  }

  cost(model: CostModel): number {
    return this.net.cost(model);
  }

  dispose(): void {
    this.net.dispose();
  }
}
