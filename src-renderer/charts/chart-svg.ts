import { BasicPlatform, Chart, type ChartConfiguration } from 'chart.js';
import { Context } from 'svgcanvas';

export interface SvgOptions {
  /** Painted behind the chart, so the file reads the same outside the app (dark mode included). */
  background?: string;
  /** A 2D context for text metrics; by default one from a fresh canvas of the page. */
  measure?: CanvasRenderingContext2D;
}

/**
 * The chart as a standalone SVG document: the same data, options and plugins drawn once more, off screen, onto
 * svgcanvas's recording context. Vector output, so axis titles, ticks and α labels stay text.
 */
export function chartToSvg(chart: Chart, options: SvgOptions = {}): string {
  const width = Math.max(1, Math.round(chart.width));
  const height = Math.max(1, Math.round(chart.height));
  const measure = options.measure ?? document.createElement('canvas').getContext('2d') ?? undefined;
  const ctx = new Context({ width, height, ...(measure ? { ctx: measure } : {}) });
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
    // A line given `segment` options is stroked command by command; otherwise Chart.js strokes a cached Path2D,
    // which svgcanvas cannot record (the line would be missing from the file).
    data: { ...live.data, datasets: live.data.datasets.map((d) => ({ ...d, segment: {} })) },
    options: { ...live.options, animation: false, responsive: false, maintainAspectRatio: false, devicePixelRatio: 1 },
    // The background is already painted here; zoom's gestures need a real canvas (the zoomed range is in the options).
    plugins: (live.plugins ?? []).filter((p) => p.id !== 'leenetBackground' && p.id !== 'zoom'),
    platform: BasicPlatform,
  };
  const restore = cspSafeFontParsing();
  const copy = new Chart(canvasLike as unknown as CanvasRenderingContext2D, config);
  try {
    copy.resize(width, height);
    copy.draw();
    return ctx.getSerializedSvg(true);
  } finally {
    copy.destroy();
    restore();
  }
}

/**
 * svgcanvas parses each text's font by writing it into a scratch <span>'s style attribute, which the app's CSP
 * (style-src 'self', no inline styles) refuses, once per label. While a chart is redrawn, that span gets the same
 * declaration through the CSSOM instead, which CSP allows. Returns the undo.
 */
function cspSafeFontParsing(): () => void {
  const original = document.createElement;
  let inside = false;
  document.createElement = function (this: Document, tag: string, opts?: ElementCreationOptions): HTMLElement {
    // Some DOMs implement createElement through itself; only the outermost call is svgcanvas's.
    if (inside) return original.call(this, tag, opts);
    inside = true;
    let el: HTMLElement;
    try {
      el = original.call(this, tag, opts);
    } finally {
      inside = false;
    }
    if (tag.toLowerCase() === 'span') {
      const setAttribute = el.setAttribute.bind(el);
      let styling = false;
      el.setAttribute = (name: string, value: string) => {
        // A DOM may implement the CSSOM setter with setAttribute itself: let that inner call through.
        if (name !== 'style' || styling) return setAttribute(name, value);
        styling = true;
        try {
          el.style.cssText = value;
        } finally {
          styling = false;
        }
      };
    }
    return el;
  } as typeof document.createElement;
  return () => {
    document.createElement = original;
  };
}
