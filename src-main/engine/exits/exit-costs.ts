import type * as tf from '@tensorflow/tfjs';
import { costUpTo, normaliseCosts, totalCost, type CostModel } from './costs';
import { denseNetCost, type DenseNetSpec } from './dense-net';
import { UNCERTAINTY_FEATURES, type GateInputKind } from './gate-inputs';
import type { PoolingKind } from './pooling';

export interface ExitCostInput {
  backbone: tf.LayersModel;
  exitLayers: string[];
  pooling: PoolingKind;
  heads: DenseNetSpec[];
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
 * included), its pooling, head and gate. A sample that reaches the last exit has paid for every early exit too,
 * so the last exit costs more than the plain backbone.
 */
export function exitCosts(input: ExitCostInput): ExitCosts {
  const { backbone, exitLayers, model } = input;
  const overhead = exitLayers.map((name, k) => {
    const layer = backbone.getLayer(name);
    const activation = (layer.outputShape as number[]).slice(1).reduce((a, b) => a * b, 1);
    const pool = model === 'flops' && input.pooling !== 'flatten' ? activation : 0;
    const classes = input.heads[k].outDim;
    const uncertainty = model === 'flops' && input.gateInput === 'uncertainty' ? 6 * classes + UNCERTAINTY_FEATURES : 0;
    const gate = denseNetCost({ inDim: input.gateDims[k], hidden: null, outDim: 1 }, model) + (model === 'flops' ? 4 : 0);
    return pool + denseNetCost(input.heads[k], model) + gate + uncertainty;
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
