import type { Chart, ChartType, Plugin } from 'chart.js';

/** A shaded region in data coordinates (x on the chart's axis, y in %), tied to the dataset it belongs to. */
export interface BandShape {
  datasetIndex: number;
  colour: string;
  outline: { x: number; y: number }[];
}

/** One coloured piece of the strip under the x axis, between two x values of the chart's axis. */
export interface StripPiece {
  from: number;
  to: number;
  colour: string;
}

/** Where a strip piece landed on the canvas, in CSS pixels, so the page can lay hover targets over it. */
export interface StripRect {
  left: number;
  width: number;
  top: number;
  height: number;
}

export interface FrontierPluginOptions {
  bands?: BandShape[];
  strip?: StripPiece[];
  /** Told where the strip's pieces were drawn on `chart`, after each draw that moved them (exports redraw a copy). */
  onStrip?: (rects: StripRect[], chart: Chart) => void;
}

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the parameter must match Chart.js's declaration
  interface PluginOptionsByType<TType extends ChartType> {
    leenetFrontier?: FrontierPluginOptions;
  }
}

/** The strip's height and its gap below the chart area; the x axis's tick labels are padded to clear it. */
export const STRIP_HEIGHT = 7;
export const STRIP_GAP = 2;

function stripRects(chart: Chart, strip: readonly StripPiece[]): StripRect[] {
  const x = chart.scales.x;
  const { left, right, bottom } = chart.chartArea;
  const clamp = (v: number) => Math.min(right, Math.max(left, v));
  return strip.map((p) => {
    const a = clamp(x.getPixelForValue(p.from));
    const b = clamp(x.getPixelForValue(p.to));
    return { left: Math.min(a, b), width: Math.abs(b - a), top: bottom + STRIP_GAP, height: STRIP_HEIGHT };
  });
}

const sameRects = (a: readonly StripRect[], b: readonly StripRect[]) =>
  a.length === b.length && a.every((r, i) => r.left === b[i].left && r.width === b[i].width && r.top === b[i].top);

const lastRects = new WeakMap<Chart, StripRect[]>();

/**
 * The frontier's extras, drawn on the canvas so PNG and SVG exports carry them: each envelope's ±1 standard-error
 * band behind the datasets (only while its envelope is shown), and the best-policy strip just under the x axis.
 */
export const frontierPlugin: Plugin<'scatter', FrontierPluginOptions> = {
  id: 'leenetFrontier',
  beforeDatasetsDraw(chart, _args, options) {
    const bands = options.bands ?? [];
    if (!bands.length) return;
    const { ctx, chartArea } = chart;
    const { x, y } = chart.scales;
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    for (const band of bands) {
      if (band.outline.length < 3 || !chart.isDatasetVisible(band.datasetIndex)) continue;
      ctx.beginPath();
      band.outline.forEach((p, i) => (i === 0 ? ctx.moveTo : ctx.lineTo).call(ctx, x.getPixelForValue(p.x), y.getPixelForValue(p.y)));
      ctx.closePath();
      ctx.fillStyle = band.colour;
      ctx.fill();
    }
    ctx.restore();
  },
  afterDraw(chart, _args, options) {
    const strip = options.strip ?? [];
    const rects = stripRects(chart, strip);
    const { ctx } = chart;
    ctx.save();
    rects.forEach((r, i) => {
      ctx.fillStyle = strip[i].colour;
      ctx.fillRect(r.left, r.top, r.width, r.height);
    });
    ctx.restore();
    if (!sameRects(lastRects.get(chart) ?? [], rects)) {
      lastRects.set(chart, rects);
      options.onStrip?.(rects, chart);
    }
  },
};
