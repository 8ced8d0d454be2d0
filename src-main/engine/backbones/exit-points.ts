import type * as tf from '@tensorflow/tfjs';
import { ancestors, layerCost, totalCost } from '../exits/costs';
import type { BackboneSpec } from './catalog';
import { modelForShapes } from './throughput';
import { round4 } from '../util/round';

/** A layer an exit head may read: its share of the backbone's FLOPs up to it, and whether it is a preset. */
export interface ExitCandidate {
  name: string;
  cost: number;
  preset: boolean;
}

/** An error listing this many candidates stays readable; `leenet info` lists all of them. */
const LISTED_IN_ERRORS = 40;

function isImageLayer(layer: tf.layers.Layer): boolean {
  const shape = layer.outputShape;
  return !Array.isArray(shape[0]) && shape.length === 4 && layer.getClassName() !== 'InputLayer';
}

/**
 * The declared candidates, or for a model only its author knows (`tfjs:DIR`) every layer with a 4-D output but the
 * input: those are the feature maps a head can pool, whatever the model's block structure.
 */
function candidateNames(spec: BackboneSpec, model: tf.LayersModel): string[] {
  return spec.exitCandidates ?? model.layers.filter(isImageLayer).map((l) => l.name);
}

/**
 * `names` with their FLOP share, in depth order: by cost, ties in graph order. Each layer's own cost is counted once,
 * however many candidates it is an ancestor of (a `tfjs:DIR` model can offer hundreds).
 */
function inDepthOrder(model: tf.LayersModel, names: string[]): { name: string; cost: number }[] {
  const total = totalCost(model, 'flops');
  const own = new Map<tf.layers.Layer, number>();
  const ownCost = (l: tf.layers.Layer) => own.get(l) ?? own.set(l, layerCost(l, 'flops')).get(l)!;
  const index = new Map(model.layers.map((l, i) => [l.name, i]));
  return names
    .map((name) => {
      let cost = 0;
      for (const l of ancestors(model.getLayer(name))) cost += ownCost(l);
      return { name, cost: total > 0 ? cost / total : 0 };
    })
    .sort((a, b) => a.cost - b.cost || index.get(a.name)! - index.get(b.name)!);
}

/** Every layer the backbone offers for exits, in depth order, with its share of the FLOPs (0…1). */
export function exitCandidates(spec: BackboneSpec, model: tf.LayersModel): ExitCandidate[] {
  return inDepthOrder(model, candidateNames(spec, model)).map((c) => ({ ...c, preset: spec.exits.includes(c.name) }));
}

/**
 * The exit layers `names` ask for: aliases resolved, duplicates dropped, in depth order. Any layer of the model is
 * accepted, not only the candidates; an unknown name is an error that lists the candidates.
 */
export function resolveExitPoints(spec: BackboneSpec, model: tf.LayersModel, names: string[]): string[] {
  const layers = new Set(model.layers.map((l) => l.name));
  // A real layer keeps its own name even if an alias happened to spell it.
  const resolve = (n: string) => (layers.has(n) ? n : (spec.exitAliases?.[n] ?? n));
  const unknown = names.filter((n) => !layers.has(resolve(n)));
  if (unknown.length) {
    const all = candidateNames(spec, model);
    const shown = all.length > LISTED_IN_ERRORS ? [...all.slice(0, LISTED_IN_ERRORS), `… (${all.length - LISTED_IN_ERRORS} more: leenet info --backbone ${spec.name})`] : all;
    throw new Error(`Unknown exit point(s) ${unknown.join(', ')} for ${spec.name}. Candidates: ${shown.join(', ') || 'none'}; any layer name works.`);
  }
  return inDepthOrder(model, [...new Set(names.map(resolve))]).map((c) => c.name);
}


const listed = new Map<string, Promise<ExitCandidate[]>>();

/**
 * The candidates as listings show them (costs to 4 decimals): from the declared costs where the spec has them,
 * otherwise from the model, built once per backbone.
 */
export function listExitCandidates(spec: BackboneSpec): Promise<ExitCandidate[]> {
  const declared = spec.exitCosts;
  if (declared && spec.exitCandidates) {
    return Promise.resolve(spec.exitCandidates.map((name) => ({ name, cost: declared[name], preset: spec.exits.includes(name) })));
  }
  let hit = listed.get(spec.name);
  if (!hit) {
    hit = modelForShapes(spec).then((model) => {
      try {
        return exitCandidates(spec, model).map((c) => ({ ...c, cost: round4(c.cost) }));
      } finally {
        model.dispose();
      }
    });
    // A folder on disk may change between listings; a failed build may succeed next time.
    if (!spec.modelDir) listed.set(spec.name, hit);
    hit.catch(() => listed.delete(spec.name));
  }
  return hit;
}
