import { describe, expect, it } from 'vitest';
import { matchesAccelerator, shortcutFor, shortcutText, type KeyPress } from './shortcuts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('shortcuts', () => {
  it('maps key presses to actions with exact modifiers', () => {
    expect(shortcutFor(press('Enter', { ctrlKey: true }), false)).toBe('run');
    expect(shortcutFor(press('.', { ctrlKey: true }), false)).toBe('stop');
    expect(shortcutFor(press('e', { ctrlKey: true }), false)).toBe('export-png');
    expect(shortcutFor(press('E', { ctrlKey: true, shiftKey: true }), false)).toBe('export-svg');
    expect(shortcutFor(press('e', { ctrlKey: true, altKey: true }), false)).toBe('export-csv');
    expect(shortcutFor(press('e'), false)).toBeNull();
    expect(shortcutFor(press('e', { ctrlKey: true, metaKey: true }), false)).toBeNull();
  });

  it('uses ⌘ on macOS', () => {
    expect(matchesAccelerator('CmdOrCtrl+E', press('e', { metaKey: true }), true)).toBe(true);
    expect(matchesAccelerator('CmdOrCtrl+E', press('e', { ctrlKey: true }), true)).toBe(false);
    expect(shortcutText('CmdOrCtrl+Shift+E', true)).toBe('⌘⇧E');
    expect(shortcutText('CmdOrCtrl+Shift+E', false)).toBe('Ctrl+Shift+E');
  });
});
