import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useApi } from '../api/instance';
import { sweepPlan, type PlannedPhase } from '../view-models/sweep-eta';

/**
 * The sweep-plan domain: per running run, its phases in order with the host's estimate of each (its own config asked
 * for `config:estimate` once), which the whole sweep's ETA scales by the pace the run shows. A run whose estimate
 * cannot be had gets no plan, and the live panel shows the phase's own ETA only.
 */
export const useSweepPlansStore = defineStore('sweepPlans', () => {
  const plans = ref<Record<string, PlannedPhase[]>>({});
  const asked = new Set<string>();

  async function ensure(runId: string): Promise<void> {
    if (asked.has(runId)) return;
    asked.add(runId);
    try {
      const run = await useApi().getRun({ runId });
      const estimate = await useApi().estimateRun({ config: run.config });
      plans.value = { ...plans.value, [runId]: sweepPlan(estimate.phases, run.config.seeds) };
    } catch {
      // No plan: nothing to show but the phase's ETA, which the status line has anyway.
    }
  }

  return { plans, ensure };
});
