import type { Chart, Plugin, PluginOptionsByType } from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';

type ZoomPluginOptions = PluginOptionsByType<'scatter'>['zoom'];

/**
 * chartjs-plugin-zoom (Hammer.js for pan and pinch), given to the charts that zoom rather than registered for all:
 * registered, it would attach Hammer to every chart, the off-screen copy an SVG export draws included.
 */
export const xZoomPlugin = zoomPlugin as unknown as Plugin<'scatter'>;

/** The modifier that makes the wheel zoom: without it the wheel scrolls the page, as TensorBoard's charts do. */
export const ZOOM_MODIFIER = 'ctrl';

/**
 * Zoom on x only: Ctrl+wheel (a trackpad's pinch sends it too) or a touch pinch; drag pans. `onChange` hears whether
 * the chart is zoomed or panned after each gesture; `onWheelWithout` hears a plain wheel, to hint at the modifier.
 */
export function xZoomOptions(onChange: (zoomed: boolean) => void, onWheelWithout: () => void): ZoomPluginOptions {
  const report = ({ chart }: { chart: Chart }) => onChange(chart.isZoomedOrPanned());
  return {
    pan: { enabled: true, mode: 'x', threshold: 5, onPanComplete: report },
    zoom: {
      mode: 'x',
      wheel: { enabled: true, modifierKey: ZOOM_MODIFIER },
      pinch: { enabled: true },
      onZoomComplete: report,
      onZoomRejected: () => onWheelWithout(),
    },
  };
}
