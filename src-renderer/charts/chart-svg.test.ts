// @vitest-environment happy-dom
import { BasicPlatform, Chart, Legend, LinearScale, LineElement, PointElement, ScatterController, type Plugin } from 'chart.js';
import { Context } from 'svgcanvas';
import { describe, expect, it } from 'vitest';
import { chartToSvg } from './chart-svg';

Chart.register(ScatterController, LinearScale, PointElement, LineElement, Legend);

/**
 * happy-dom has no canvas rendering, so text is measured by a fixed advance per character: the only stand-in here.
 * The chart itself is a real Chart.js chart drawn on svgcanvas's recording context.
 */
const measure = { measureText: (text: string) => ({ width: 6 * text.length, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 }) } as unknown as CanvasRenderingContext2D;

const alphaLabel: Plugin<'scatter'> = {
  id: 'alphaLabel',
  afterDatasetsDraw(chart) {
    const p = chart.getDatasetMeta(0).data[1];
    chart.ctx.fillText('α=0.5', p.x, p.y - 8);
  },
};

function liveChart(): Chart<'scatter'> {
  const ctx = new Context({ width: 480, height: 300, ctx: measure });
  const canvasLike = Object.assign(ctx, { getContext: () => ctx, style: {} }) as unknown as CanvasRenderingContext2D;
  return new Chart<'scatter'>(canvasLike, {
    type: 'scatter',
    data: {
      datasets: [
        { label: 'LEENet gates', data: [{ x: 0.4, y: 97 }, { x: 0.6, y: 98.5 }, { x: 0.9, y: 99 }], showLine: true, borderColor: '#2563eb' },
        { label: 'fixed exits', data: [{ x: 0.3, y: 96 }, { x: 1, y: 98.8 }], backgroundColor: '#64748b' },
      ],
    },
    options: {
      animation: false,
      responsive: false,
      scales: { x: { title: { display: true, text: 'cost' } }, y: { title: { display: true, text: 'accuracy (%)' } } },
    },
    plugins: [alphaLabel],
    // No DOM canvas handling, as in chartToSvg itself.
    platform: BasicPlatform,
  });
}

describe('chartToSvg', () => {
  it('redraws a chart as a standalone SVG with its text, lines, points, plugin labels and background', () => {
    const chart = liveChart();
    const svg = chartToSvg(chart, { background: '#171c23', measure });
    chart.destroy();
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(doc.documentElement.nodeName.toLowerCase()).toBe('svg');
    expect(doc.documentElement.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(doc.documentElement.getAttribute('width')).toBe('480');
    const texts = [...doc.getElementsByTagName('text')].map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['cost', 'accuracy (%)', 'α=0.5', 'LEENet gates']));
    expect(texts.some((t) => /^\d+(\.\d+)?$/.test(t ?? ''))).toBe(true);
    expect(doc.getElementsByTagName('path').length).toBeGreaterThan(5);
    expect(svg).toContain('#171c23');
  });
});
