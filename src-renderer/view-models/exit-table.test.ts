import { describe, expect, it } from 'vitest';
import { exitTable } from './exit-table';

describe('exit table', () => {
  const reports = [
    { name: 'stage1', cost: 0.213, accuracy: 0.9412, temperature: 1.374, ece: { before: 0.0412, after: 0.0123 } },
    { name: 'final', cost: 1.02, accuracy: 0.9876, temperature: 0.98, ece: { before: 0.004, after: 0.005 } },
  ];

  it('one row per exit: cost, head accuracy, temperature, ECE before → after, in %', () => {
    const table = exitTable(reports, 'flops')!;
    expect(table.costLabel).toBe('cost (% of FLOPs)');
    expect(table.rows[0]).toEqual({ name: 'stage1', cost: '21.3%', latency: null, accuracy: '94.12%', temperature: '1.37', ece: '4.12% → 1.23%', worse: false });
    expect(table.latencyLabel).toBeNull();
    expect(table.rows[1]).toMatchObject({ name: 'final', cost: '102.0%', ece: '0.40% → 0.50%', worse: true });
  });

  it('names the cost model, and is absent for runs without exit reports', () => {
    expect(exitTable(reports, 'params')?.costLabel).toBe('cost (% of parameters)');
    expect(exitTable(undefined, 'flops')).toBeNull();
    expect(exitTable([], 'flops')).toBeNull();
  });

  it('shows the measured latency up to each exit beside the cost model', () => {
    const table = exitTable(reports, 'flops', { backend: 'wasm', batchSize: 64, stepMs: [0.05, 0.25], exitMs: [0.01, 0], fullMsPerImage: 0.29 })!;
    expect(table.latencyLabel).toBe('ms per image (wasm, batch 64; full model 0.290)');
    expect(table.rows.map((r) => r.latency)).toEqual(['0.050', '0.300']);
    expect(exitTable(reports, 'latency')?.costLabel).toBe('cost (% of measured latency)');
  });
});
