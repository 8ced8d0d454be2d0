import { alphaRange } from '@api/alpha-range';
import type { SweepConfig } from '@api/models';
import { CALIBRATION_OPTIONS, COST_OPTIONS, GATE_INPUT_OPTIONS, GATE_TARGET_OPTIONS, HEAD_OPTIONS, type SelectOption } from './options';

export interface ConfigRow {
  /** The config's own key (`epochs.heads`), for tests and the row's data attribute. */
  key: string;
  label: string;
  value: string;
}

export interface ConfigSection {
  title: string;
  rows: ConfigRow[];
}

const labelOf = <T extends string>(options: readonly SelectOption<T>[], value: T) => options.find((o) => o.value === value)?.label ?? value;

/** start:stop:step when the values are exactly that range (as the CLI and the form write them), else null. */
function asRange(alphas: readonly number[]): [number, number, number] | null {
  if (alphas.length < 3) return null;
  const step = Math.round((alphas[1] - alphas[0]) * 1e6) / 1e6;
  const range = alphaRange(alphas[0], alphas.at(-1)!, step);
  return Array.isArray(range) && range.length === alphas.length && range.every((a, i) => a === alphas[i]) ? [alphas[0], alphas.at(-1)!, step] : null;
}

/** "0 … 1 by 0.1 (11 values)", or the values themselves. */
export function alphasText(alphas: readonly number[]): string {
  const range = asRange(alphas);
  return range ? `${range[0]} … ${range[1]} by ${range[2]} (${alphas.length} values)` : alphas.join(', ');
}

/** A run's config as the Config tab shows it: every choice, grouped as the New sweep form groups them. */
export function configSections(config: SweepConfig): ConfigSection[] {
  return [
    {
      title: 'Model and data',
      rows: [
        { key: 'dataset', label: 'dataset', value: config.dataset },
        { key: 'backbone', label: 'backbone', value: config.backbone },
        { key: 'weights', label: 'weights', value: config.weights ?? 'trained or shipped' },
        { key: 'exits', label: 'exits', value: config.exits.length ? config.exits.join(', ') : 'the backbone’s presets' },
        { key: 'limit', label: 'sample limit', value: config.limit === undefined ? 'whole dataset' : config.limit.toLocaleString('en-US') },
        ...(config.perClass === undefined ? [] : [{ key: 'perClass', label: 'per class', value: String(config.perClass) }]),
        { key: 'splitMode', label: 'test split', value: config.splitMode === 'official' ? 'the dataset’s own test set' : '80/20 of the training set' },
        { key: 'valShare', label: 'validation share', value: String(config.valShare) },
      ],
    },
    {
      title: 'α (accuracy ↔ compute)',
      rows: [{ key: 'alphas', label: 'α', value: alphasText(config.alphas) }],
    },
    {
      title: 'Exits and gates',
      rows: [
        { key: 'head', label: 'exit head', value: labelOf(HEAD_OPTIONS, config.head) },
        { key: 'pooling', label: 'pooling', value: config.pooling === 'adaptive' ? `adaptive (${config.poolGrid}×${config.poolGrid})` : config.pooling },
        { key: 'gateInput', label: 'gate input', value: labelOf(GATE_INPUT_OPTIONS, config.gateInput) },
        { key: 'gateTarget', label: 'gate target', value: labelOf(GATE_TARGET_OPTIONS, config.gateTarget) },
        { key: 'gateSplit', label: 'gates trained on', value: config.gateSplit === 'val' ? 'validation' : 'training' },
        { key: 'calibration', label: 'calibration', value: labelOf(CALIBRATION_OPTIONS, config.calibration) },
        { key: 'cost', label: 'cost model', value: labelOf(COST_OPTIONS, config.cost) },
      ],
    },
    {
      title: 'Training',
      rows: [
        { key: 'epochs.backbone', label: 'backbone epochs', value: `${config.epochs.backbone} (when it is trained here)` },
        { key: 'epochs.heads', label: 'head epochs', value: String(config.epochs.heads) },
        { key: 'epochs.gates', label: 'gate epochs', value: String(config.epochs.gates) },
        { key: 'seeds', label: 'seeds', value: String(config.seeds) },
        { key: 'seed', label: 'seed', value: String(config.seed) },
      ],
    },
  ];
}

const quoted = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The CLI command that makes the same sweep, every choice spelled out. */
export function cliCommand(config: SweepConfig): string {
  const range = asRange(config.alphas);
  const flags: [string, string | number | undefined][] = [
    ['dataset', config.dataset],
    ['backbone', config.backbone],
    ['weights', config.weights],
    ['exits', config.exits.length ? config.exits.join(',') : undefined],
    ['alphas', range ? range.join(':') : config.alphas.join(',')],
    ['head', config.head],
    ['pooling', config.pooling],
    ['pool-grid', config.poolGrid],
    ['gate-input', config.gateInput],
    ['gate-target', config.gateTarget],
    ['gate-split', config.gateSplit],
    ['calibration', config.calibration],
    ['seeds', config.seeds],
    ['cost', config.cost],
    ['epochs', `backbone=${config.epochs.backbone},heads=${config.epochs.heads},gates=${config.epochs.gates}`],
    ['seed', config.seed],
    ['limit', config.limit],
    ['per-class', config.perClass],
    ['val-share', config.valShare],
    ['split', config.splitMode],
  ];
  return ['npx leenet sweep', ...flags.filter(([, v]) => v !== undefined).map(([flag, v]) => `--${flag} ${quoted(String(v))}`)].join(' ');
}
