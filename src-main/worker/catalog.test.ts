import { describe, expect, it } from 'vitest';
import { loadCatalog } from './catalog';

describe('host catalog', () => {
  it('gives every backbone its exit candidates in depth order, presets flagged', async () => {
    const { backbones } = await loadCatalog();
    for (const b of backbones) {
      expect(b.exitCandidates.filter((c) => c.preset).map((c) => c.name), b.name).toEqual(b.exits);
      for (let i = 1; i < b.exitCandidates.length; i++) expect(b.exitCandidates[i].cost, b.name).toBeGreaterThan(b.exitCandidates[i - 1].cost);
    }
    expect(backbones.find((b) => b.name === 'mnist-small')?.exitCandidates.slice(0, 2)).toEqual([
      { name: 'stem', cost: 0.0272, preset: true },
      { name: 'stage1_relu1', cost: 0.2179, preset: true },
    ]);
    expect(backbones.find((b) => b.name === 'densenet121')?.exitCandidates).toHaveLength(19);
  });
});
