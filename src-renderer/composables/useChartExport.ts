import { onBeforeUnmount } from 'vue';
import { useChartsStore, type ChartHandle } from '../stores/charts';

/**
 * Offers a chart to the exports (its buttons, the shortcuts, the Electron menu) while its component lives.
 * `activate` makes it the chart the shortcuts and the menu mean: call it when the user touches the chart.
 */
export function useChartExport(handle: ChartHandle): { activate: () => void } {
  const charts = useChartsStore();
  onBeforeUnmount(charts.register(handle));
  return { activate: () => charts.activate(handle.id) };
}
