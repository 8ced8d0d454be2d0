import { describe, expect, it } from 'vitest';
import { checkConfig } from '@api/check-config';
import type { SweepConfig } from '@api/models';
import { alphasText, cliCommand, configSections } from './config-table';

function config(raw: Record<string, unknown>): SweepConfig {
  const check = checkConfig({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 0.5, 1], ...raw });
  if (!check.ok) throw new Error(JSON.stringify(check.errors));
  return check.config;
}
const row = (c: SweepConfig, key: string) => configSections(c).flatMap((s) => s.rows).find((r) => r.key === key)?.value;

describe('config table', () => {
  it('shows every choice in words, the engine’s defaults included', () => {
    const c = config({ limit: 1000, gateTarget: 'leenet', epochs: { backbone: 2, heads: 4, gates: 40 } });
    expect(row(c, 'limit')).toBe('1,000');
    expect(row(c, 'gateTarget')).toBe('LEENet loss');
    expect(row(c, 'gateInput')).toBe('uncertainty (softmax stats)');
    expect(row(c, 'epochs.gates')).toBe('40');
    expect(row(c, 'exits')).toBe('the backbone’s presets');
    expect(row(c, 'pooling')).toBe('adaptive (4×4)');
    expect(row(config({}), 'limit')).toBe('whole dataset');
    expect(row(config({ perClass: 5 }), 'perClass')).toBe('5');
    expect(row(config({}), 'perClass')).toBeUndefined();
  });

  it('writes a range of α as its range, other lists as they are', () => {
    expect(alphasText([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])).toBe('0 … 1 by 0.1 (11 values)');
    expect(alphasText([0, 0.1, 0.5, 1])).toBe('0, 0.1, 0.5, 1');
    expect(alphasText([0, 1])).toBe('0, 1');
  });

  it('spells out the CLI command that makes the same sweep, quoting what the shell would split', () => {
    const c = config({ alphas: [0, 0.25, 0.5, 0.75, 1], dataset: 'cifar10:/data/my cifar', exits: ['stage1', 'stage3'], limit: 300 });
    const command = cliCommand(c);
    expect(command).toMatch(/^npx leenet sweep --dataset 'cifar10:\/data\/my cifar' --backbone mnist-small --exits stage1,stage3 --alphas 0:1:0.25 /);
    expect(command).toContain(' --epochs backbone=3,heads=8,gates=30 ');
    expect(command).toContain(' --limit 300 ');
    expect(command).not.toContain('--weights');
    expect(cliCommand(config({ alphas: [0, 0.3] }))).toContain('--alphas 0,0.3 ');
  });
});
