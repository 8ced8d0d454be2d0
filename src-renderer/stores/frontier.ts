import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FrontierPoint, RunDetail } from '../../src-main/api/models';
import { useApi } from '../api/instance';
import { budgetTable, frontierSeries, type FrontierAxis } from './frontier-data';

/** The results domain: one run's frontier, the x axis, and the point the user selected. */
export const useFrontierStore = defineStore('frontier', () => {
  const run = ref<RunDetail | null>(null);
  const axis = ref<FrontierAxis>('cost');
  const selected = ref<FrontierPoint | null>(null);
  const error = ref<string | null>(null);

  const series = computed(() => (run.value ? frontierSeries(run.value.points, axis.value) : []));
  const table = computed(() => (run.value ? budgetTable(run.value.points) : []));

  async function open(runId: string): Promise<void> {
    try {
      run.value = await useApi().getRun({ runId });
      selected.value = run.value.points.find((p) => p.policy === 'leenet' && p.split === 'test') ?? null;
      error.value = null;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  function select(point: FrontierPoint | null): void {
    selected.value = point;
  }

  function setAxis(value: FrontierAxis): void {
    axis.value = value;
  }

  return { run, axis, selected, error, series, table, open, select, setAxis };
});
