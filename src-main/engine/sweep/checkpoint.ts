import type { SweepConfig } from '../config';
import { ConvHead } from '../exits/conv-head';
import { DenseNet } from '../exits/dense-net';
import { DenseExitHead, type ExitHeadModel } from '../exits/head-model';
import type { GateModelTarget, PolicyBundleContent } from '../runs/policy-bundle';
import type { TrainedExits } from './heads-phase';

/** Whether a checkpoint was made with these exits and exit options (a resumed run always has its own config). */
export function sameExits(b: PolicyBundleContent, exitLayers: string[], config: SweepConfig): boolean {
  const m = b.meta;
  return m.exitLayers.join() === exitLayers.join() && m.head === config.head && m.pooling === config.pooling && m.grid === config.poolGrid && m.gateInput === config.gateInput && m.gateTarget === config.gateTarget;
}

/** The heads a checkpoint kept, rebuilt; null when it kept none (a run stopped before its heads were trained). */
export function headsFrom(bundle: PolicyBundleContent): ExitHeadModel[] | null {
  if (bundle.convHeadStates) return bundle.convHeadStates.map((s) => ConvHead.fromState(s));
  if (bundle.headStates) return bundle.headStates.map((s) => new DenseExitHead(DenseNet.fromState(s)));
  return null;
}

/** A gate model a checkpoint kept: the shared model of this target, or the LEENet-loss gates of this α. */
export function savedGates(bundle: PolicyBundleContent, target: GateModelTarget, alpha: number | null): DenseNet[] | null {
  const m = bundle.meta.gateModels.findIndex((g) => g.target === target && (alpha === null ? g.alpha === null : g.alpha !== null && Math.abs(g.alpha - alpha) < 1e-12));
  return m < 0 ? null : bundle.gates[m].states.map((s) => DenseNet.fromState(s));
}

/** The run's policy bundle as the heads leave it: logits, temperatures, costs and heads; gate models come later. */
export async function startBundle(config: SweepConfig, exitLayers: string[], exits: TrainedExits): Promise<PolicyBundleContent> {
  const denseHeads = exits.heads.every((h) => h instanceof DenseExitHead) ? (exits.heads as DenseExitHead[]) : null;
  const convHeads = exits.heads.every((h) => h instanceof ConvHead) ? (exits.heads as ConvHead[]) : null;
  const { val, test } = exits.logits;
  return {
    meta: {
      version: 1,
      exitLayers,
      classes: val.classes,
      pooling: config.pooling,
      grid: config.poolGrid,
      gateInput: config.gateInput,
      head: config.head,
      gateTarget: config.gateTarget,
      gateSplit: config.gateSplit,
      temperatures: exits.temperatures,
      costs: { fraction: exits.costs.fraction, normalised: exits.costs.normalised },
      heads: denseHeads?.map((h) => h.net.spec) ?? null,
      ...(convHeads ? { convHeads: convHeads.map((h) => h.spec) } : {}),
      gateModels: [],
      n: { val: val.n, test: test.n },
    },
    labels: { val: val.labels, test: test.labels },
    logits: { val: val.logits, test: test.logits },
    headStates: denseHeads ? await Promise.all(denseHeads.map((h) => h.net.state())) : null,
    convHeadStates: convHeads ? await Promise.all(convHeads.map((h) => h.state())) : null,
    gates: [],
  };
}

/** Adds a trained gate model, with its probabilities on both splits, to the bundle. */
export async function addGateModel(bundle: PolicyBundleContent, target: GateModelTarget, alpha: number | null, gates: DenseNet[], probs: { val: Float32Array[]; test: Float32Array[] }): Promise<void> {
  bundle.meta.gateModels.push({ target, alpha, specs: gates.map((g) => g.spec) });
  bundle.gates.push({ states: await Promise.all(gates.map((g) => g.state())), probs });
}

/**
 * Gate models trained elsewhere from the same checkpoint (a queue's α jobs) taken into this bundle; a model it
 * already has is kept. Returns how many were added. Bundles of other exits or options are refused.
 */
export function mergeGateModels(into: PolicyBundleContent, from: PolicyBundleContent): number {
  const a = into.meta;
  const b = from.meta;
  if (a.exitLayers.join() !== b.exitLayers.join() || a.head !== b.head || a.gateInput !== b.gateInput || a.gateTarget !== b.gateTarget || a.pooling !== b.pooling || a.grid !== b.grid) {
    throw new Error('These gate models were trained for other exits or exit options: they cannot join this run.');
  }
  // Their probabilities are per sample of the run's splits: another split would not line up with this run's labels.
  if (a.classes !== b.classes || a.n.val !== b.n.val || a.n.test !== b.n.test) {
    throw new Error(`These gate models were trained on other data (${b.n.val} + ${b.n.test} images, ${b.classes} classes; this run has ${a.n.val} + ${a.n.test}, ${a.classes}): they cannot join this run.`);
  }
  let added = 0;
  for (const [m, model] of b.gateModels.entries()) {
    const have = a.gateModels.some((g) => g.target === model.target && (g.alpha === null ? model.alpha === null : model.alpha !== null && Math.abs(g.alpha - model.alpha) < 1e-12));
    if (have) continue;
    a.gateModels.push(model);
    into.gates.push(from.gates[m]);
    added++;
  }
  return added;
}
