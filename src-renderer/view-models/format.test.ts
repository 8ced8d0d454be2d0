import { describe, expect, it } from 'vitest';
import { formatBytes, formatPercent, formatTimes } from './format';

describe('formatting for people', () => {
  it('percentages and speedups, a dash where there is no figure', () => {
    expect([formatPercent(0.98123), formatPercent(0.05, 1), formatPercent(0.41, 0), formatPercent(null), formatPercent(undefined, 1)]).toEqual(['98.12%', '5.0%', '41%', '—', '—']);
    expect([formatTimes(2.5), formatTimes(null)]).toEqual(['2.50×', '—']);
  });

  it('sizes', () => {
    expect([formatBytes(3e8), formatBytes(1.57e10)]).toEqual(['300 MB', '15.7 GB']);
  });
});
