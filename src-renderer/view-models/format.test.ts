import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatPercent, formatTimes } from './format';

describe('formatting for people', () => {
  it('percentages and speedups, a dash where there is no figure', () => {
    expect([formatPercent(0.98123), formatPercent(0.05, 1), formatPercent(0.41, 0), formatPercent(null), formatPercent(undefined, 1)]).toEqual(['98.12%', '5.0%', '41%', '—', '—']);
    expect([formatTimes(2.5), formatTimes(null)]).toEqual(['2.50×', '—']);
  });

  it('durations as an estimate promises them, and as a countdown', () => {
    expect([0.2, 45, 600, 12_000].map((s) => formatDuration(s, 'estimate'))).toEqual(['1 s', '45 s', '10 min', '3.3 h']);
    expect([9.2, 243, 3900].map((s) => formatDuration(s, 'countdown'))).toEqual(['10 s', '4 min 3 s', '1 h 5 min']);
  });

  it('sizes', () => {
    expect([formatBytes(3e8), formatBytes(1.57e10)]).toEqual(['300 MB', '15.7 GB']);
  });
});
