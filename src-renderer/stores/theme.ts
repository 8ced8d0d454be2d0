import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';

export type ThemeMode = 'system' | 'light' | 'dark';
const KEY = 'leenet.theme';
const MODES: ThemeMode[] = ['system', 'light', 'dark'];

function darkQuery(): MediaQueryList | null {
  return typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
}

/** The theme domain: follows the OS unless the user picks light or dark; the choice is kept across restarts. */
export const useThemeStore = defineStore('theme', () => {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
  const mode = ref<ThemeMode>(MODES.includes(saved as ThemeMode) ? (saved as ThemeMode) : 'system');
  const osDark = ref(darkQuery()?.matches ?? false);
  const dark = computed(() => (mode.value === 'system' ? osDark.value : mode.value === 'dark'));

  /** Listens to the OS setting and mirrors the theme onto <html>; returns the cleanup. */
  function follow(): () => void {
    const query = darkQuery();
    const onChange = (e: MediaQueryListEvent) => (osDark.value = e.matches);
    query?.addEventListener('change', onChange);
    const stop = watch(
      dark,
      (isDark) => {
        if (typeof document !== 'undefined') document.documentElement.dataset.theme = isDark ? 'dark' : 'light';
      },
      { immediate: true },
    );
    return () => {
      query?.removeEventListener('change', onChange);
      stop();
    };
  }

  /** system → light → dark → system. */
  function cycle(): void {
    setMode(MODES[(MODES.indexOf(mode.value) + 1) % MODES.length]);
  }

  function setMode(value: ThemeMode): void {
    mode.value = value;
    if (typeof localStorage !== 'undefined') localStorage.setItem(KEY, value);
  }

  return { mode, osDark, dark, follow, cycle, setMode };
});
