import { describe, expect, it } from 'vitest';
import { legendClick, legendHint } from './legend-visibility';

const KEYS = ['α=0', 'α=0.5', 'α=1'];

describe('legend clicks', () => {
  it('isolates the clicked curve, and a second click brings every curve back', () => {
    const isolated = legendClick([], KEYS, 'α=0.5', false);
    expect(isolated.sort()).toEqual(['α=0', 'α=1']);
    expect(legendClick(isolated, KEYS, 'α=0.5', false)).toEqual([]);
  });

  it('moves the isolation to another curve when that one is clicked', () => {
    const isolated = legendClick([], KEYS, 'α=0.5', false);
    expect(legendClick(isolated, KEYS, 'α=1', false).sort()).toEqual(['α=0', 'α=0.5']);
  });

  it('toggles one curve with a modifier, leaving the others as they are', () => {
    expect(legendClick([], KEYS, 'α=1', true)).toEqual(['α=1']);
    expect(legendClick(['α=1', 'α=0'], KEYS, 'α=1', true)).toEqual(['α=0']);
  });

  it("leaves other charts' hidden curves alone", () => {
    const hidden = legendClick(['stage1'], KEYS, 'α=0', false);
    expect(hidden.sort()).toEqual(['stage1', 'α=0.5', 'α=1'].sort());
    expect(legendClick(hidden, KEYS, 'α=0', false)).toEqual(['stage1']);
  });

  it('says how, with the platform key', () => {
    expect(legendHint(true)).toContain('⌘-click');
    expect(legendHint(false)).toContain('Ctrl-click');
  });
});
