import { Interaction, type ActiveElement, type Chart, type ChartType, type InteractionItem, type InteractionModeFunction, type Plugin } from 'chart.js';
import { crosshairItems } from '../view-models/crosshair';

export interface CrosshairOptions {
  /** The line's colour (it changes with the theme). */
  colour?: string;
  /** The pointer's x on this chart, in data units, or null when it left. */
  onMove?: (x: number | null) => void;
  /** Whether a dataset takes part (named in tooltips); all do by default. */
  tracked?: (datasetIndex: number) => boolean;
}

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the parameter must match Chart.js's declaration
  interface PluginOptionsByType<TType extends ChartType> {
    leenetCrosshair?: CrosshairOptions;
  }
  interface InteractionModeMap {
    /** Every tracked curve's nearest point at the pointer's x: the crosshair's tooltip. */
    leenetCrosshair: InteractionModeFunction;
  }
}

/** How far (px) a curve may end short of the crosshair and still be named in its tooltip. */
const SLACK_PX = 8;
/** Where each chart's crosshair is, in data units. */
const positions = new WeakMap<Chart, number>();
/**
 * Each chart's options as the plugin's hooks get them. Read through `chart.options` instead, a function option would be
 * taken for a scriptable one and called with a context.
 */
const settings = new WeakMap<Chart, CrosshairOptions>();

function optionsOf(chart: Chart): CrosshairOptions {
  return settings.get(chart) ?? {};
}

/** The points the crosshair names at `x`: the nearest of every visible, tracked curve that reaches it. */
export function crosshairElements(chart: Chart, x: number): InteractionItem[] {
  const scale = chart.scales.x;
  if (!scale) return [];
  const tracked = optionsOf(chart).tracked ?? (() => true);
  const slack = Math.abs(scale.getValueForPixel(scale.getPixelForValue(x) + SLACK_PX)! - x);
  const datasets = chart.data.datasets.map((d, i) => ({
    xs: (d.data as { x: number }[]).map((p) => p.x),
    tracked: tracked(i) && chart.isDatasetVisible(i),
  }));
  return crosshairItems(datasets, x, slack).map(({ datasetIndex, index }) => ({ datasetIndex, index, element: chart.getDatasetMeta(datasetIndex).data[index] }));
}

Interaction.modes.leenetCrosshair = (chart, event) => {
  const scale = chart.scales.x;
  const area = chart.chartArea;
  if (!scale || event.x === null || event.x < area.left || event.x > area.right) return [];
  return crosshairElements(chart, scale.getValueForPixel(event.x)!);
};

/**
 * Shows the crosshair of another chart here: the line at `x` and the tooltip naming each curve there (null clears
 * both). Draws without an update, so following the pointer costs one redraw per chart.
 */
export function showCrosshairAt(chart: Chart, x: number | null): void {
  if (x === null) positions.delete(chart);
  else positions.set(chart, x);
  const elements: ActiveElement[] = x === null ? [] : crosshairElements(chart, x);
  const area = chart.chartArea;
  const px = x === null ? 0 : chart.scales.x.getPixelForValue(x);
  chart.setActiveElements(elements);
  chart.tooltip?.setActiveElements(elements, { x: px, y: (area.top + area.bottom) / 2 });
  chart.draw();
}

/** The chart's wrapper says where its crosshair is drawn (`data-crosshair-x`), for tests and for nothing else. */
function mark(chart: Chart, x: number | null): void {
  const wrapper = (chart.canvas as HTMLCanvasElement | undefined)?.parentElement;
  if (!wrapper) return;
  const text = x === null ? null : String(Math.round(x * 100) / 100);
  if (wrapper.getAttribute('data-crosshair-x') === text) return;
  if (text === null) wrapper.removeAttribute('data-crosshair-x');
  else wrapper.setAttribute('data-crosshair-x', text);
}

/**
 * A vertical line at the pointer's x (TensorBoard's and W&B's hover line), reported through `onMove` so the other
 * charts of the panel can draw it at the same step or time (`showCrosshairAt`).
 */
export const crosshairPlugin: Plugin<'scatter', CrosshairOptions> = {
  id: 'leenetCrosshair',
  afterUpdate(chart, _args, options) {
    settings.set(chart, options);
  },
  afterEvent(chart, args, options) {
    const { event } = args;
    let x: number | null;
    if (event.type === 'mousemove' && args.inChartArea && event.x !== null) x = chart.scales.x.getValueForPixel(event.x) ?? null;
    else if (event.type === 'mousemove' || event.type === 'mouseout') x = null;
    else return;
    if ((positions.get(chart) ?? null) === x) return;
    if (x === null) positions.delete(chart);
    else positions.set(chart, x);
    args.changed = true;
    options.onMove?.(x);
  },
  afterDatasetsDraw(chart, _args, options) {
    const x = positions.get(chart);
    const area = chart.chartArea;
    const px = x === undefined ? NaN : chart.scales.x.getPixelForValue(x);
    const drawn = x !== undefined && px >= area.left && px <= area.right;
    mark(chart, drawn ? x : null);
    if (!drawn) return;
    const { ctx } = chart;
    ctx.save();
    ctx.strokeStyle = options.colour ?? 'rgba(128, 128, 128, 0.7)';
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(px, area.top);
    ctx.lineTo(px, area.bottom);
    ctx.stroke();
    ctx.restore();
  },
};
