import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useStoredRef } from '../composables/useStoredRef';

export type ThemeMode = 'system' | 'light' | 'dark';
const KEY = 'leenet.theme';
const MODES: ThemeMode[] = ['system', 'light', 'dark'];

/** A saved mode, or `system` for nothing saved or junk. */
function restoreMode(text: string | null): ThemeMode {
  return MODES.find((m) => m === text) ?? 'system';
}

function darkQuery(): MediaQueryList | null {
  return typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
}

/** The theme domain: follows the OS unless the user picks light or dark; the choice is kept across restarts. */
export const useThemeStore = defineStore('theme', () => {
  const mode = useStoredRef<ThemeMode>(KEY, restoreMode, String);
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
  }

  return { mode, osDark, dark, follow, cycle, setMode };
});
