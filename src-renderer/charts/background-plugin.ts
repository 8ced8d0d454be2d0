import type { Plugin } from 'chart.js';
import ChartDataLabels from 'chartjs-plugin-datalabels';

/**
 * Paints the chart's background, so an exported PNG is readable outside the app (a transparent PNG of a dark-mode
 * chart is light text on whatever the viewer shows).
 */
export const backgroundPlugin: Plugin<'scatter'> = {
  id: 'leenetBackground',
  beforeDraw(chart) {
    const colour = getComputedStyle(document.documentElement).getPropertyValue('--surface').trim() || '#ffffff';
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** datalabels declares itself for every chart type, which vue-chartjs's per-type props do not accept as is. */
export const dataLabelsPlugin = ChartDataLabels as unknown as Plugin<'scatter'>;
