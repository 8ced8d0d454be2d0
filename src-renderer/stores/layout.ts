import { defineStore } from 'pinia';
import { ref } from 'vue';

/** The open run's tabs, in the order they are shown. */
export const RUN_TABS = ['overview', 'training', 'frontier', 'exits', 'config'] as const;
export type RunTab = (typeof RUN_TABS)[number];

/** The window's layout: which tab of the open run shows, and whether the New sweep drawer is open. */
export const useLayoutStore = defineStore('layout', () => {
  const tab = ref<RunTab>('overview');
  const newSweepOpen = ref(false);

  function showTab(next: RunTab): void {
    tab.value = next;
  }

  function openNewSweep(): void {
    newSweepOpen.value = true;
  }

  function closeNewSweep(): void {
    newSweepOpen.value = false;
  }

  /** A run the user started or resumed: the form closes and its loss curves show as they stream. */
  function followRun(): void {
    newSweepOpen.value = false;
    tab.value = 'training';
  }

  return { tab, newSweepOpen, showTab, openNewSweep, closeNewSweep, followRun };
});
