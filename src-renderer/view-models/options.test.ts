import { describe, expect, it } from 'vitest';
import { SAMPLE_SORTS } from '@api/models';
import { backboneOption, DIAL_KIND_OPTIONS, HEAD_OPTIONS, onChoose, optionValue, SAMPLE_SORT_OPTIONS } from './options';

describe('option lists', () => {
  it('keep the order written, with their labels', () => {
    expect(HEAD_OPTIONS).toEqual([
      { value: 'linear', label: 'linear' },
      { value: 'mlp', label: 'MLP' },
      { value: 'conv', label: 'conv' },
    ]);
    expect(DIAL_KIND_OPTIONS.map((o) => o.unit)).toEqual(['×', 'ms / image', 'points']);
    expect(backboneOption({ name: 'resnet20', params: 272_474 } as Parameters<typeof backboneOption>[0]).label).toBe('resnet20 (0.27 M params)');
  });

  it('read a value back only when the list offers it', () => {
    expect(optionValue(HEAD_OPTIONS, 'mlp')).toBe('mlp');
    expect(optionValue(HEAD_OPTIONS, 'MLP')).toBeNull();
    const chosen: string[] = [];
    const change = onChoose(HEAD_OPTIONS, (v) => chosen.push(v));
    change({ target: { value: 'conv' } } as unknown as Event);
    change({ target: { value: 'bogus' } } as unknown as Event);
    expect(chosen).toEqual(['conv']);
  });

  it('offer every sort the host knows, test-set order first', () => {
    expect(SAMPLE_SORT_OPTIONS.map((o) => o.value).sort()).toEqual([...SAMPLE_SORTS].sort());
    expect(SAMPLE_SORT_OPTIONS[0].value).toBe('index');
  });
});
