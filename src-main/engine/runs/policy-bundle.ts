import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DenseNetSpec, DenseNetState } from '../exits/dense-net';
import type { GateInputKind } from '../exits/gate-inputs';
import type { ConvHeadSpec, ConvHeadState } from '../exits/conv-head';
import type { ExitHeadKind } from '../exits/head-model';
import type { PoolingKind } from '../exits/pooling';
import { encodeSafetensors, parseSafetensors, type SafetensorsFile, type TensorToWrite } from '../weights/safetensors';
import { atomicWriteFile } from './atomic-write';
import { errorMessage } from '../util/error-message';

/**
 * What a finished run keeps of its exits so that budgets can be searched and models exported later without a
 * backbone pass: every exit's raw logits on validation and test, the temperatures, the costs, the heads and every
 * gate model with its probabilities. One safetensors file (readable from Python too), its description in the
 * header's metadata.
 */
export const POLICY_BUNDLE_FILE = 'policy.safetensors';
const META_KEY = 'leenet.policy';

export type GateModelTarget = 'leenet' | 'correct' | 'safe';

export interface GateModelRecord {
  target: GateModelTarget;
  /** The α a LEENet-loss gate set was trained for; null for the shared `correct` / `safe` models. */
  alpha: number | null;
  specs: DenseNetSpec[];
}

export interface PolicyBundleMeta {
  version: 1;
  exitLayers: string[];
  classes: number;
  pooling: PoolingKind;
  grid: number;
  gateInput: GateInputKind;
  head: ExitHeadKind;
  gateTarget: 'auto' | 'safe' | 'correct' | 'leenet';
  gateSplit: 'val' | 'train';
  temperatures: number[];
  /** Per exit (the last included): fraction of the plain backbone's cost, and normalised (first 0, last 1). */
  costs: { fraction: number[]; normalised: number[] };
  /** Dense heads' specs; null for conv heads (see `convHeads`). */
  heads: DenseNetSpec[] | null;
  /** Conv heads' specs (their tensors are `head.K.tN`). */
  convHeads?: ConvHeadSpec[];
  gateModels: GateModelRecord[];
  n: { val: number; test: number };
  /** A backbone whose classifier the run replaced (transfer): which layers, and the new classifier is `transfer.*`. */
  transfer?: { classifier: string; penultimate: string };
}

export type BundleSplit = 'val' | 'test';

export interface PolicyBundleContent {
  meta: PolicyBundleMeta;
  labels: Record<BundleSplit, Int32Array>;
  /** Per split, per exit (the last = the backbone's classifier): raw logits, row-major [n, classes]. */
  logits: Record<BundleSplit, Float32Array[]>;
  headStates: DenseNetState[] | null;
  convHeadStates?: ConvHeadState[] | null;
  gates: { states: DenseNetState[]; probs: Record<BundleSplit, Float32Array[]> }[];
  /** The transfer run's new classifier: kernel [inDim, classes], bias [classes]. */
  transfer?: { kernel: Float32Array; bias: Float32Array } | null;
}

/** A DenseNet's weights as safetensors entries `PREFIX.mean`, `.invStd`, `.w0`, `.w1`, …. */
export function netTensors(prefix: string, s: DenseNetState): Record<string, TensorToWrite> {
  const out: Record<string, TensorToWrite> = {
    [`${prefix}.mean`]: { dtype: 'F32', shape: [s.mean.length], values: s.mean },
    [`${prefix}.invStd`]: { dtype: 'F32', shape: [s.invStd.length], values: s.invStd },
  };
  s.weights.forEach((w, i) => (out[`${prefix}.w${i}`] = { dtype: 'F32', shape: w.shape, values: w.values }));
  return out;
}

/** The DenseNet state stored under `prefix` (see `netTensors`). */
export function netState(file: SafetensorsFile, prefix: string, spec: DenseNetSpec): DenseNetState {
  const layers = spec.hidden === null ? 1 : 2;
  const weights = Array.from({ length: 2 * layers }, (_, i) => {
    const name = `${prefix}.w${i}`;
    const entry = file.entries.get(name);
    if (!entry) throw new BundleError(`${file.source} lacks ${name}.`);
    return { shape: entry.shape, values: file.read(name) };
  });
  return { spec, mean: Array.from(need(file, `${prefix}.mean`)), invStd: Array.from(need(file, `${prefix}.invStd`)), weights };
}

/** A conv head's tensors as safetensors entries `PREFIX.t0`, `.t1`, … (the order of `ConvHead.state`). */
export function convTensors(prefix: string, s: ConvHeadState): Record<string, TensorToWrite> {
  return Object.fromEntries(s.tensors.map((t, i) => [`${prefix}.t${i}`, { dtype: 'F32', shape: t.shape, values: t.values }]));
}

/** The conv head state stored under `prefix` (see `convTensors`). */
export function convState(file: SafetensorsFile, prefix: string, spec: ConvHeadSpec): ConvHeadState {
  const tensors: ConvHeadState['tensors'] = [];
  for (let i = 0; file.entries.has(`${prefix}.t${i}`); i++) tensors.push({ shape: file.entries.get(`${prefix}.t${i}`)!.shape, values: file.read(`${prefix}.t${i}`) });
  if (!tensors.length) throw new BundleError(`${file.source} lacks ${prefix}.t0.`);
  return { spec, tensors };
}

/** A policy bundle that cannot be used: the message names the file and what to do. */
export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

function need(file: SafetensorsFile, name: string): Float32Array {
  if (!file.entries.has(name)) throw new BundleError(`${file.source} lacks ${name}: the file is damaged; run the sweep again.`);
  return file.read(name);
}

export function encodePolicyBundle(content: PolicyBundleContent): Uint8Array {
  const { meta } = content;
  const tensors: Record<string, TensorToWrite> = {};
  for (const split of ['val', 'test'] as const) {
    const n = meta.n[split];
    tensors[`${split}.labels`] = { dtype: 'I64', shape: [n], values: content.labels[split] };
    content.logits[split].forEach((z, k) => (tensors[`${split}.logits.${k}`] = { dtype: 'F32', shape: [n, meta.classes], values: z }));
  }
  content.headStates?.forEach((s, k) => Object.assign(tensors, netTensors(`head.${k}`, s)));
  content.convHeadStates?.forEach((s, k) => Object.assign(tensors, convTensors(`head.${k}`, s)));
  content.gates.forEach((g, m) => {
    g.states.forEach((s, k) => Object.assign(tensors, netTensors(`gate.${m}.${k}`, s)));
    for (const split of ['val', 'test'] as const) g.probs[split].forEach((p, k) => (tensors[`gate.${m}.${split}.${k}`] = { dtype: 'F32', shape: [p.length], values: p }));
  });
  if (content.transfer) {
    tensors['transfer.kernel'] = { dtype: 'F32', shape: [content.transfer.kernel.length / meta.classes, meta.classes], values: content.transfer.kernel };
    tensors['transfer.bias'] = { dtype: 'F32', shape: [meta.classes], values: content.transfer.bias };
  }
  return encodeSafetensors(tensors, { [META_KEY]: JSON.stringify(meta) });
}

export async function writePolicyBundle(dir: string, content: PolicyBundleContent): Promise<void> {
  await atomicWriteFile(path.join(dir, POLICY_BUNDLE_FILE), encodePolicyBundle(content));
}

export function decodePolicyBundle(bytes: Uint8Array, source: string): PolicyBundleContent {
  const file = parseSafetensors(bytes, source);
  const raw = file.metadata[META_KEY];
  if (!raw) throw new BundleError(`${source} is not a LEENet policy bundle (no "${META_KEY}" metadata).`);
  let meta: PolicyBundleMeta;
  try {
    meta = JSON.parse(raw) as PolicyBundleMeta;
  } catch (e) {
    throw new BundleError(`${source}: its description is not valid JSON (${errorMessage(e)}).`);
  }
  if (meta.version !== 1 || !Array.isArray(meta.exitLayers) || !Array.isArray(meta.gateModels)) throw new BundleError(`${source}: unknown policy bundle version.`);
  const exits = meta.exitLayers.length + 1;
  const splitLogits = (split: BundleSplit) => Array.from({ length: exits }, (_, k) => need(file, `${split}.logits.${k}`));
  const labels = (split: BundleSplit) => Int32Array.from(need(file, `${split}.labels`));
  return {
    meta,
    labels: { val: labels('val'), test: labels('test') },
    logits: { val: splitLogits('val'), test: splitLogits('test') },
    headStates: meta.heads?.map((spec, k) => netState(file, `head.${k}`, spec)) ?? null,
    convHeadStates: meta.convHeads?.map((spec, k) => convState(file, `head.${k}`, spec)) ?? null,
    gates: meta.gateModels.map((g, m) => ({
      states: g.specs.map((spec, k) => netState(file, `gate.${m}.${k}`, spec)),
      probs: {
        val: g.specs.map((_, k) => need(file, `gate.${m}.val.${k}`)),
        test: g.specs.map((_, k) => need(file, `gate.${m}.test.${k}`)),
      },
    })),
    transfer: meta.transfer ? { kernel: need(file, 'transfer.kernel'), bias: need(file, 'transfer.bias') } : null,
  };
}

/** Reads a run folder's bundle; runs from before bundles existed get a message saying so. */
export async function readPolicyBundle(dir: string): Promise<PolicyBundleContent> {
  const file = path.join(dir, POLICY_BUNDLE_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new BundleError(`This run keeps no exit outputs (${POLICY_BUNDLE_FILE}): it finished before budgets could be searched, or was stopped before its heads were trained. Run the sweep again.`);
    }
    throw new BundleError(`Cannot read ${file}: ${errorMessage(e)}`);
  }
  return decodePolicyBundle(bytes, file);
}
