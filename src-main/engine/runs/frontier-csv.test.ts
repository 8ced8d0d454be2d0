import { describe, expect, it } from 'vitest';
import type { FrontierPoint } from '../sweep-types';
import { frontierToCsv } from './frontier-csv';
import { frontierPoint } from './run-fixtures';

describe('frontierToCsv', () => {
  it('writes the header and one row per point, per-exit values `;`-joined, null as empty', () => {
    const oracle: FrontierPoint = { ...frontierPoint, policy: 'oracle', param: null, split: 'val', accuracy: 1 / 3, speedup: Infinity, exitFractions: [1, 0], exitAccuracy: [1, null] };
    expect(frontierToCsv([frontierPoint, oracle])).toBe(
      [
        'policy,param,split,accuracy,cost,speedup,exit_fractions,exit_accuracy,threshold,curve,envelope',
        'leenet,0.5,test,0.98,0.4,2.5,0.6;0.4,0.99;,,,',
        'oracle,,val,0.333333,0.4,,1;0,1;,,,',
        '',
      ].join('\n'),
    );
  });

  it('writes the learned gates\' threshold and flags', () => {
    const row = frontierToCsv([{ ...frontierPoint, threshold: 0.93, curve: true, envelope: false }]).split('\n')[1];
    expect(row).toBe('leenet,0.5,test,0.98,0.4,2.5,0.6;0.4,0.99;,0.93,1,0');
  });

  it('an empty frontier is just the header', () => {
    expect(frontierToCsv([])).toBe('policy,param,split,accuracy,cost,speedup,exit_fractions,exit_accuracy,threshold,curve,envelope\n');
  });

  it('quotes a field only when RFC 4180 needs it', () => {
    const odd = { ...frontierPoint, policy: 'my "best", rule' } as unknown as FrontierPoint;
    expect(frontierToCsv([odd]).split('\n')[1]).toBe('"my ""best"", rule",0.5,test,0.98,0.4,2.5,0.6;0.4,0.99;,,,');
  });
});
