// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { useThemeStore } from './theme';

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
});

describe('theme store', () => {
  it('follows the OS until the user picks, and mirrors the theme onto <html>', async () => {
    const theme = useThemeStore();
    const stop = theme.follow();
    expect(theme.mode).toBe('system');
    theme.osDark = true;
    await nextTick();
    expect(document.documentElement.dataset.theme).toBe('dark');
    theme.cycle();
    await nextTick();
    expect([theme.mode, theme.dark, document.documentElement.dataset.theme]).toEqual(['light', false, 'light']);
    theme.cycle();
    expect(theme.mode).toBe('dark');
    stop();
  });

  it('keeps the choice across restarts and ignores junk', () => {
    useThemeStore().setMode('dark');
    setActivePinia(createPinia());
    expect(useThemeStore().mode).toBe('dark');
    localStorage.setItem('leenet.theme', 'purple');
    setActivePinia(createPinia());
    expect(useThemeStore().mode).toBe('system');
  });
});
