import { describe, expect, it } from 'vitest';
import { checkConfig } from '@api/check-config';
import type { RunDetail, SweepConfig } from '@api/models';
import { points } from './frontier-points.fixture';
import { headlineText, overviewFacts } from './run-overview';

function config(raw: Record<string, unknown>): SweepConfig {
  const check = checkConfig({ dataset: 'mnist', backbone: 'mnist-small', alphas: [0, 0.5], ...raw });
  if (!check.ok) throw new Error(JSON.stringify(check.errors));
  return check.config;
}
const report = (name: string, accuracy: number) => ({ name, cost: 0.5, accuracy, temperature: 1, ece: { before: 0.1, after: 0.05 } });
const stat = (mean: number) => ({ mean, std: 0, n: 1 });

function run(patch: Partial<RunDetail>): RunDetail {
  return {
    id: 'r1',
    name: 'seeded',
    status: 'finished',
    createdAt: '2026-01-01T00:00:00Z',
    dataset: 'mnist',
    backbone: 'mnist-small',
    backend: 'wasm',
    alphas: [0, 0.5],
    alphasDone: [0, 0.5],
    error: null,
    config: config({ limit: 1000 }),
    exits: [
      { name: 'stage1', cost: 0.4 },
      { name: 'final', cost: 1.01 },
    ],
    classNames: [],
    points,
    timings: {},
    hasSamples: true,
    exitReports: [report('stage1', 0.9), report('final', 0.99)],
    summary: {
      reference: { name: 'final', accuracy: stat(0.99) },
      seeds: 1,
      policies: [{ policy: 'leenet', speedupAtDrop: [{ drop: 0.01, value: stat(2.5) }], accuracyAtCost: [], auc: stat(0.9) }],
      best: {},
    },
    latency: null,
    backboneOrigin: null,
    splitSizes: { train: 900, val: 100, test: 1000 },
    ...patch,
  };
}
const facts = (r: RunDetail) => Object.fromEntries(overviewFacts(r).map((f) => [f.key, `${f.value} | ${f.note}`]));

describe('run overview', () => {
  it('heads the run with its data, backbone, progress and the learned gates’ best figures', () => {
    expect(facts(run({}))).toEqual({
      dataset: 'mnist | 900 train · 100 val · 1,000 test',
      backbone: 'mnist-small | 1 early exit + its own classifier',
      status: 'finished | 2 of 2 α done',
      accuracy: '99.20% | learned gates on test, chosen on validation',
      speedup: '2.50× | learned gates within 1 point of the backbone',
      reference: '99.00% | its own classifier on test',
    });
  });

  it('says what it does not know yet, for a stopped run or an older one', () => {
    const stopped = facts(run({ status: 'stopped', alphasDone: [0], summary: null, splitSizes: null, exitReports: [] }));
    expect(stopped).toMatchObject({ dataset: 'mnist | at most 1,000 per split', status: 'stopped | 1 of 2 α done', speedup: '— | once the run has finished', reference: '— | not recorded' });
    expect(facts(run({ splitSizes: null, config: config({}) })).dataset).toBe('mnist | whole dataset');
  });

  it('gives the runs list one line per finished run', () => {
    expect(headlineText({ accuracy: 0.6123, speedup: 2.5, exits: [] })).toBe('61.23% · 2.50× within 1 pt');
    expect(headlineText({ accuracy: 0.6123, speedup: null, exits: [] })).toBe('61.23% · no speedup within 1 pt');
    expect(headlineText({ accuracy: null, speedup: 2, exits: [] })).toBeNull();
    expect(headlineText(null)).toBeNull();
  });
});
