import { BasicPlatform, Chart, type ChartConfiguration } from 'chart.js';
import { Context } from 'svgcanvas';

export interface SvgOptions {
  /** Painted behind the chart, so the file reads the same outside the app (dark mode included). */
  background?: string;
  /** A real 2D context for text metrics; by default one from a fresh canvas of the page. */
  measure?: CanvasRenderingContext2D;
}

/**
 * The chart as a standalone SVG document: the same data, options and plugins drawn once more, off screen, onto
 * svgcanvas's recording context. Vector output, so axis titles, ticks and α labels stay text.
 */
export function chartToSvg(chart: Chart, options: SvgOptions = {}): string {
  const width = Math.max(1, Math.round(chart.width));
  const height = Math.max(1, Math.round(chart.height));
  const ctx = new Context({ width, height, ...(options.measure ? { ctx: options.measure } : {}) });
  // Chart.js asks its "canvas" for a context; svgcanvas's Context is both.
  const canvasLike = Object.assign(ctx, { getContext: () => ctx, style: {} });
  if (options.background) {
    const paint = canvasLike as unknown as CanvasRenderingContext2D;
    paint.fillStyle = options.background;
    paint.fillRect(0, 0, width, height);
  }
  const live = chart.config as ChartConfiguration;
  const config: ChartConfiguration = {
    type: live.type,
    data: live.data,
    options: { ...live.options, animation: false, responsive: false, maintainAspectRatio: false, devicePixelRatio: 1 },
    // The background plugin paints from CSS; here the background is already painted.
    plugins: (live.plugins ?? []).filter((p) => p.id !== 'leenetBackground'),
    platform: BasicPlatform,
  };
  const copy = new Chart(canvasLike as unknown as CanvasRenderingContext2D, config);
  try {
    copy.resize(width, height);
    copy.draw();
    return ctx.getSerializedSvg(true);
  } finally {
    copy.destroy();
  }
}
