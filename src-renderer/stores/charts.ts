import type { Chart } from 'chart.js';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ExportFormat } from '@api/models';
import { downloadExport } from '../api/download';
import { useApi } from '../api/instance';
import { chartToSvg } from '../charts/chart-svg';
import { axisColours } from '../charts/palette';
import { useThemeStore } from './theme';
import { errorMessage } from '@api/formats';

/** What a chart on screen offers for export. */
export interface ChartHandle {
  /** Stable id per view, e.g. `frontier`, `losses-gates`. */
  id: string;
  /** File name without extension, from the run and the chart: `my run-frontier`. */
  fileName(): string;
  chart(): Chart | null;
  /** The data behind it: a run id (the host writes that run's frontier) or the CSV text of what is drawn. */
  csv(): { runId: string } | { text: string } | null;
  /** Draws the image inside `draw`, e.g. with the legend a chart shows in HTML on screen drawn into the picture. */
  exporting?<T>(draw: () => T): T;
}

/**
 * The charts domain: which charts are on screen, which one the user last touched (the menu and the shortcuts export
 * that one), and the export itself, the same from a button, a shortcut or the Electron menu.
 */
export const useChartsStore = defineStore('charts', () => {
  const handles = shallowRef<ChartHandle[]>([]);
  const active = ref<string | null>(null);
  const message = ref<string | null>(null);

  function register(handle: ChartHandle): () => void {
    handles.value = [...handles.value.filter((h) => h.id !== handle.id), handle];
    return () => {
      handles.value = handles.value.filter((h) => h !== handle);
      if (active.value === handle.id) active.value = null;
    };
  }

  function activate(id: string): void {
    active.value = id;
  }

  /** The chart the menu means: the last one touched, else the first on screen. */
  function current(): ChartHandle | null {
    return handles.value.find((h) => h.id === active.value) ?? handles.value[0] ?? null;
  }

  async function exportChart(format: ExportFormat, id?: string): Promise<void> {
    const handle = id ? handles.value.find((h) => h.id === id) : current();
    if (!handle) {
      message.value = 'There is no chart to export yet: finish a run, or start one to see its losses.';
      return;
    }
    const chart = handle.chart();
    const name = handle.fileName();
    try {
      let outcome;
      if (format === 'csv') {
        const data = handle.csv();
        if (!data) throw new Error('This chart has no data yet.');
        outcome = await useApi().exportChart({ format, name, ...data });
      } else {
        if (!chart) throw new Error('The chart is not drawn yet.');
        const draw = <T>(image: () => T): T => (handle.exporting ? handle.exporting(image) : image());
        outcome =
          format === 'png'
            ? await useApi().exportChart({ format, name, dataUrl: draw(() => chart.toBase64Image('image/png', 1)) })
            : await useApi().exportChart({ format, name, svg: draw(() => chartToSvg(chart, { background: axisColours(useThemeStore().dark).surface })) });
      }
      if (outcome.download) downloadExport(outcome.download);
      message.value = outcome.path ? `Saved ${outcome.path}` : outcome.download ? `Downloaded ${outcome.download.fileName}` : null;
    } catch (e) {
      message.value = `Export failed: ${errorMessage(e)}`;
    }
  }

  return { handles, active, message, register, activate, current, exportChart };
});
