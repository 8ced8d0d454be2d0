import type { BackboneInfo, BudgetTargetKind, DatasetInfo, SampleSort, SweepConfig } from '@api/models';
import type { SetupForm } from '../setup/setup-form';
import type { CorrectFilter, VersusFilter } from './sample-filters';
import type { DialPolicy } from './budget-dial';
import type { DropReferenceKind } from './drop-reference';
import type { FrontierAxis } from './frontier-data';

/** One entry of a <select> (or a radio group): the value it stands for and what the user reads. */
export interface SelectOption<T extends string> {
  readonly value: T;
  readonly label: string;
}

/** Every value of `T` with its label, in the order written: the type checker refuses a missing or unknown value. */
function optionsOf<T extends string>(labels: Record<T, string>): readonly SelectOption<T>[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));
}

// The run form.
export const HEAD_OPTIONS = optionsOf<SweepConfig['head']>({ linear: 'linear', mlp: 'MLP', conv: 'conv' });
export const GATE_INPUT_OPTIONS = optionsOf<SweepConfig['gateInput']>({
  pooled: 'pooled features',
  flatten: 'flattened features',
  uncertainty: 'uncertainty (softmax stats)',
  both: 'both (features + uncertainty)',
});
export const GATE_TARGET_OPTIONS = optionsOf<SweepConfig['gateTarget']>({
  auto: 'auto: P(correct) + P(safe)',
  safe: 'P(safe): leaving loses nothing',
  correct: 'P(correct)',
  leenet: 'LEENet loss',
});
export const CALIBRATION_OPTIONS = optionsOf<SweepConfig['calibration']>({ temperature: 'temperature', none: 'none' });
export const COST_OPTIONS = optionsOf<SweepConfig['cost']>({ flops: 'FLOPs', params: 'parameters', latency: 'measured latency' });
export const ALPHA_MODE_OPTIONS = optionsOf<SetupForm['alphaMode']>({ range: 'range', list: 'list' });

/** The catalog's backbones, named with their size: `resnet20 (0.27 M params)`. */
export function backboneOption(b: BackboneInfo): SelectOption<string> {
  const millions = (b.params / 1e6).toFixed(b.params < 1e6 ? 2 : 1);
  return { value: b.name, label: `${b.name} (${millions} M params)` };
}

export function datasetOption(d: DatasetInfo): SelectOption<string> {
  return { value: d.name, label: d.name };
}

// Results.
export const AXIS_OPTIONS = optionsOf<FrontierAxis>({ cost: 'fraction of FLOPs', speedup: 'speedup' });
export const DROP_REFERENCE_OPTIONS = optionsOf<DropReferenceKind>({ backbone: "the backbone's own classifier", 'best-exit': 'the best exit' });
export const CORRECT_FILTER_OPTIONS = optionsOf<CorrectFilter>({ all: 'all', correct: 'correct', incorrect: 'incorrect' });
export const SAMPLE_SORT_OPTIONS = optionsOf<SampleSort>({
  index: 'test-set order',
  'confidently-wrong': 'confidently wrong first',
  'gate-high': 'gate score, highest first',
  'gate-low': 'gate score, lowest first',
});
export const VERSUS_OPTIONS = optionsOf<VersusFilter>({
  any: 'either way',
  'learned-wrong': 'learned wrong, max-softmax right',
  'learned-right': 'learned right, max-softmax wrong',
});
export const DIAL_POLICY_OPTIONS = optionsOf<DialPolicy>({
  best: 'best of all rules',
  leenet: 'learned gates',
  'max-softmax': 'max-softmax',
  entropy: 'entropy',
  patience: 'patience',
});
const DIAL_UNITS: Record<BudgetTargetKind, string> = { speedup: '×', ms: 'ms / image', 'max-drop': 'points' };
export const DIAL_KIND_OPTIONS: readonly (SelectOption<BudgetTargetKind> & { unit: string })[] = optionsOf<BudgetTargetKind>({
  speedup: 'at least this speedup',
  ms: 'at most this latency',
  'max-drop': 'at most this accuracy drop',
}).map((o) => ({ ...o, unit: DIAL_UNITS[o.value] }));

/** The value of `options` that `text` names (a select's or radio's value), or null for anything they do not offer. */
export function optionValue<T extends string>(options: readonly SelectOption<T>[], text: string): T | null {
  return options.find((o) => o.value === text)?.value ?? null;
}

/** A change handler for a <select> of `options`: hands the chosen value to `apply`, ignores anything else. */
export function onChoose<T extends string>(options: readonly SelectOption<T>[], apply: (value: T) => void): (event: Event) => void {
  return (event) => {
    const value = optionValue(options, (event.target as HTMLSelectElement).value);
    if (value !== null) apply(value);
  };
}
