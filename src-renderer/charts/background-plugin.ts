import type { ChartType, Plugin } from 'chart.js';
import ChartDataLabels from 'chartjs-plugin-datalabels';

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the parameter must match Chart.js's declaration
  interface PluginOptionsByType<TType extends ChartType> {
    leenetBackground?: { color?: string };
  }
}

/**
 * Paints the chart's background, so an exported PNG is readable outside the app (a transparent PNG of a dark-mode
 * chart is light text on whatever the viewer shows).
 */
export const backgroundPlugin: Plugin<'scatter', { color?: string }> = {
  id: 'leenetBackground',
  // The colour comes with the chart's options (they change with the theme): reading CSS here on every draw would
  // force a style recalculation per frame.
  beforeDraw(chart, _args, options) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = options.color ?? '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** datalabels declares itself for every chart type, which vue-chartjs's per-type props do not accept as is. */
export const dataLabelsPlugin = ChartDataLabels as unknown as Plugin<'scatter'>;
