import type * as tf from '@tensorflow/tfjs';
import { costUpTo, normaliseCosts, totalCost, type CostModel } from './costs';
import { denseNetCost } from './dense-net';
import type { ExitHeadCost } from './head-model';
import { uncertaintyDims, type GateInputKind } from './gate-inputs';
import type { PoolingKind } from './pooling';

export interface ExitCostInput {
  backbone: tf.LayersModel;
  exitLayers: string[];
  pooling: PoolingKind;
  /** Per early exit: an ExitHeadModel, or `denseHeadCost(spec)` / a ConvHeadSpec's cost where no head exists yet. */
  heads: ExitHeadCost[];
  gateInput: GateInputKind;
  gateDims: number[];
  model: CostModel;
}

export interface ExitCosts {
  /** Raw cost per exit (FLOPs or parameters), the last exit (the backbone's classifier) included. */
  raw: number[];
  /** Raw cost as a fraction of the plain backbone without exits: what "cost" and "speedup" report. */
  fraction: number[];
  /** First exit 0, last 1: what the loss weighs. */
  normalised: number[];
  backboneTotal: number;
}

/**
 * Cost of leaving at each exit: the backbone up to the exit plus, for every exit passed on the way (this one
 * included), its pooling (when read), head and gate. A sample that reaches the last exit has paid for every early
 * exit too, so the last exit costs more than the plain backbone.
 */
export function exitCosts(input: ExitCostInput): ExitCosts {
  const { backbone, exitLayers, model } = input;
  const overhead = exitLayers.map((name, k) => {
    const layer = backbone.getLayer(name);
    const activation = (layer.outputShape as number[]).slice(1).reduce((a, b) => a * b, 1);
    // Pooling is paid once if anything at the exit reads the pooled features: a dense head, or the gate.
    const pooledRead = input.heads[k].reads === 'pooled' || input.gateInput === 'pooled' || input.gateInput === 'both';
    const pool = model === 'flops' && input.pooling !== 'flatten' && pooledRead ? activation : 0;
    const classes = input.heads[k].classes;
    // Softmax statistics of the head's logits (exp, sums, top-2, entropy) and the features built from them.
    const readsUncertainty = input.gateInput === 'uncertainty' || input.gateInput === 'both';
    const uncertainty = model === 'flops' && readsUncertainty ? 6 * classes + 2 * uncertaintyDims(k) : 0;
    const gate = denseNetCost({ inDim: input.gateDims[k], hidden: null, outDim: 1 }, model) + (model === 'flops' ? 4 : 0);
    return pool + input.heads[k].cost(model) + gate + uncertainty;
  });
  const backboneTotal = totalCost(backbone, model);
  const raw: number[] = [];
  let passed = 0;
  exitLayers.forEach((name, k) => {
    passed += overhead[k];
    raw.push(costUpTo(backbone.getLayer(name), model) + passed);
  });
  raw.push(backboneTotal + passed);
  return { raw, fraction: raw.map((c) => c / backboneTotal), normalised: normaliseCosts(raw), backboneTotal };
}
