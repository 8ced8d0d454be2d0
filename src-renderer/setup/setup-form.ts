import { checkConfig } from '@api/check-config';
import type { SweepConfig } from '@api/models';
import { CALIBRATION_OPTIONS, COST_OPTIONS, GATE_INPUT_OPTIONS, GATE_TARGET_OPTIONS, HEAD_OPTIONS, optionValue, type SelectOption } from '../view-models/options';
import { parseAlphas } from './parse-alphas';
import { alphaRange } from '@api/alpha-range';

/**
 * What the run form holds. Numbers are kept as the text the user typed, so an empty or half-typed field can be named
 * in its own message instead of silently becoming 0.
 */
export interface SetupForm {
  name: string;
  backbone: string;
  dataset: string;
  /** Folder for datasets that need one (everything but the shipped MNIST). */
  datasetDir: string;
  /** Optional safetensors file with pretrained weights. */
  weights: string;
  /** Chosen exit points (presets or other candidates); the backbone's own classifier is always the last exit. */
  exits: string[];
  alphaMode: 'range' | 'list';
  alphaStart: string;
  alphaStop: string;
  alphaStep: string;
  alphaList: string;
  backboneEpochs: string;
  headEpochs: string;
  gateEpochs: string;
  gateInput: SweepConfig['gateInput'];
  head: SweepConfig['head'];
  gateTarget: SweepConfig['gateTarget'];
  calibration: SweepConfig['calibration'];
  /** Repetitions of heads and gates (1–10), as typed. */
  seeds: string;
  cost: SweepConfig['cost'];
  seed: string;
  valShare: string;
  /** Samples per split for quick looks; empty = the whole dataset. */
  limit: string;
}

/** The fields that hold a number (as typed). */
export type NumberField = 'alphaStart' | 'alphaStop' | 'alphaStep' | 'backboneEpochs' | 'headEpochs' | 'gateEpochs' | 'seeds' | 'seed' | 'valShare' | 'limit';

/** The fields chosen from a list. */
export type ChoiceField = 'head' | 'gateInput' | 'gateTarget' | 'calibration' | 'cost';

/** What each list offers: every value the engine's schema accepts, with its label. */
export const CHOICE_OPTIONS: { readonly [K in ChoiceField]: readonly SelectOption<SetupForm[K]>[] } = {
  head: HEAD_OPTIONS,
  gateInput: GATE_INPUT_OPTIONS,
  gateTarget: GATE_TARGET_OPTIONS,
  calibration: CALIBRATION_OPTIONS,
  cost: COST_OPTIONS,
};

/** A select's value as the field's type, or null for anything the list does not offer. */
export function parseChoice<K extends ChoiceField>(key: K, value: string): SetupForm[K] | null {
  const options: readonly SelectOption<SetupForm[K]>[] = CHOICE_OPTIONS[key];
  return optionValue(options, value);
}

/**
 * The engine's own defaults (`sweepConfigSchema`, and the CLI's α 0…1 by 0.1): all of MNIST with the shipped
 * mnist-small weights, the same job as `npm run sweep`. A sample limit would train a weaker backbone of its own.
 */
export function defaultForm(): SetupForm {
  return {
    name: '',
    backbone: 'mnist-small',
    dataset: 'mnist',
    datasetDir: '',
    weights: '',
    exits: ['stem', 'stage1_relu1', 'stage1', 'stage2', 'stage3'],
    alphaMode: 'range',
    alphaStart: '0',
    alphaStop: '1',
    alphaStep: '0.1',
    alphaList: '0, 0.1, 0.2, 0.5, 1',
    backboneEpochs: '3',
    headEpochs: '8',
    gateEpochs: '30',
    // The engine's own defaults, so a run from the form and one from the CLI without flags train the same gates.
    gateInput: 'uncertainty',
    head: 'linear',
    gateTarget: 'auto',
    calibration: 'temperature',
    seeds: '1',
    cost: 'flops',
    seed: '42',
    valShare: '0.1',
    limit: '',
  };
}

/** The saved form, field by field: anything unreadable or of the wrong type falls back to the default. */
export function restoreForm(text: string | null): SetupForm {
  const form = defaultForm();
  if (!text) return form;
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch {
    return form;
  }
  if (typeof saved !== 'object' || saved === null) return form;
  const record = saved as Record<string, unknown>;
  const target = form as unknown as Record<string, unknown>;
  for (const key of Object.keys(form)) {
    const value = record[key];
    const fallback = target[key];
    if (Array.isArray(fallback) ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === typeof fallback) target[key] = value;
  }
  return form;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The field's number, `undefined` when empty and optional, or the message for it. */
function numberField(text: string, label: string, optional = false): number | undefined | { error: string } {
  const t = text.trim();
  if (!t) return optional ? undefined : { error: `Enter ${label}.` };
  return NUMBER.test(t) ? Number(t) : { error: `${label[0].toUpperCase()}${label.slice(1)} must be a number.` };
}

export interface FormCheck {
  /** What `run:start` is sent (the host checks it again with the same schema). */
  config: Record<string, unknown>;
  /** One message per field, keyed by form field name. */
  errors: Partial<Record<keyof SetupForm, string>>;
  alphas: number[];
}

/** Config paths (as the schema reports them) → the form field that shows the message. */
const FIELD_OF: Record<string, keyof SetupForm> = {
  dataset: 'datasetDir',
  backbone: 'backbone',
  weights: 'weights',
  exits: 'exits',
  'epochs.backbone': 'backboneEpochs',
  'epochs.heads': 'headEpochs',
  'epochs.gates': 'gateEpochs',
  gateInput: 'gateInput',
  head: 'head',
  gateTarget: 'gateTarget',
  calibration: 'calibration',
  seeds: 'seeds',
  cost: 'cost',
  seed: 'seed',
  valShare: 'valShare',
  limit: 'limit',
};

/** Maps a host or schema error key (`epochs.heads`, `alphas.2`) to the form field that shows it. */
export function fieldOfConfigPath(path: string): keyof SetupForm | null {
  if (path.startsWith('alphas')) return 'alphaList';
  return FIELD_OF[path] ?? FIELD_OF[path.split('.')[0]] ?? null;
}

/**
 * Builds the config from the form and checks it with the engine's own schema, so each field gets its message as the
 * user types and Run can stay disabled until there is none. `choices` are the exits offered, in depth order.
 */
export function checkForm(form: SetupForm, presets: string[], choices: string[] = presets): FormCheck {
  const errors: FormCheck['errors'] = {};
  const num = (field: keyof SetupForm, label: string, optional = false): number | undefined => {
    const v = numberField(String(form[field]), label, optional);
    if (typeof v === 'object') {
      errors[field] = v.error;
      return undefined;
    }
    return v;
  };

  let alphas: number[] = [];
  if (form.alphaMode === 'list') {
    alphas = parseAlphas(form.alphaList);
  } else {
    const start = num('alphaStart', 'a start');
    const stop = num('alphaStop', 'a stop');
    const step = num('alphaStep', 'a step');
    if (start !== undefined && stop !== undefined && step !== undefined) {
      const range = alphaRange(start, stop, step);
      if (Array.isArray(range)) alphas = range;
      // The engine's rule checks the step first: only a good step with stop below start is the stop's fault.
      else errors[step > 0 && stop < start ? 'alphaStop' : 'alphaStep'] = range.error;
    }
  }

  const needsDir = form.dataset !== 'mnist';
  if (needsDir && !form.datasetDir.trim()) errors.datasetDir = `Give the folder with the ${form.dataset} files.`;
  const chosen = choices.filter((c) => form.exits.includes(c));
  const justPresets = chosen.length === presets.length && presets.every((p) => chosen.includes(p));
  if (choices.length && !chosen.length) errors.exits = 'Choose at least one exit point.';
  const config: Record<string, unknown> = {
    dataset: needsDir ? `${form.dataset}:${form.datasetDir.trim()}` : form.dataset,
    backbone: form.backbone,
    // Just the presets = the default (empty); keep the backbone's depth order whatever order they were ticked in.
    exits: presets.length && justPresets ? [] : chosen,
    alphas,
    epochs: { backbone: num('backboneEpochs', 'backbone epochs'), heads: num('headEpochs', 'head epochs'), gates: num('gateEpochs', 'gate epochs') },
    gateInput: form.gateInput,
    head: form.head,
    gateTarget: form.gateTarget,
    calibration: form.calibration,
    seeds: num('seeds', 'the number of seeds'),
    cost: form.cost,
    seed: num('seed', 'a seed'),
    valShare: num('valShare', 'a validation share'),
    limit: num('limit', 'a limit', true),
  };
  if (form.weights.trim()) config.weights = form.weights.trim();
  if (config.limit === undefined) delete config.limit;

  const check = checkConfig(config);
  if (!check.ok) {
    for (const [path, message] of Object.entries(check.errors)) {
      const rangeBroken = errors.alphaStart || errors.alphaStop || errors.alphaStep;
      const field = form.alphaMode === 'range' && path.startsWith('alphas') ? (rangeBroken ? null : 'alphaStart') : fieldOfConfigPath(path);
      if (field && !errors[field]) errors[field] = message;
    }
  }
  if (form.alphaMode === 'list' && !alphas.length) errors.alphaList = 'Give at least one α.';
  return { config, errors, alphas };
}
