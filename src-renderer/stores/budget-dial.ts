import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { BudgetTargetKind, ModelExportOutcome, RunBudget } from '@api/models';
import { useApi } from '../api/instance';
import { parseBudget, type DialPolicy } from '../view-models/budget-dial';
import { errorMessage } from '@api/formats';
import { latestOnly } from '../util/latest-only';


/** The budget dial: a target typed or dragged, the operating point the run's validation split picks for it, its export. */
export const useBudgetDialStore = defineStore('budgetDial', () => {
  const kind = ref<BudgetTargetKind>('speedup');
  const text = ref('2');
  const policy = ref<DialPolicy>('best');
  const result = ref<RunBudget | null>(null);
  const error = ref<string | null>(null);
  const exporting = ref(false);
  const exported = ref<ModelExportOutcome | null>(null);
  const exportError = ref<string | null>(null);
  const parsed = computed(() => parseBudget(kind.value, text.value));
  const fieldError = computed(() => ('error' in parsed.value ? parsed.value.error : null));
  const searches = latestOnly();

  async function search(runId: string): Promise<void> {
    const p = parsed.value;
    if ('error' in p) return;
    await searches.run(() => useApi().searchBudget({ runId, target: p.target, policy: policy.value }), {
      answer: (r) => {
        result.value = r;
        error.value = null;
      },
      error: (e) => {
        result.value = null;
        error.value = errorMessage(e);
      },
    });
  }

  async function exportModel(runId: string): Promise<void> {
    const p = parsed.value;
    if ('error' in p) return;
    exporting.value = true;
    exported.value = null;
    exportError.value = null;
    try {
      exported.value = await useApi().exportModel({ runId, selector: { kind: 'budget', target: p.target, policy: policy.value } });
    } catch (e) {
      exportError.value = errorMessage(e);
    } finally {
      exporting.value = false;
    }
  }

  function reset(): void {
    searches.forget();
    result.value = null;
    error.value = null;
    exported.value = null;
    exportError.value = null;
  }

  return { kind, text, policy, result, error, exporting, exported, exportError, fieldError, search, exportModel, reset };
});
