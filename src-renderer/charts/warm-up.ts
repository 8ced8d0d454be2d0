import { Chart, LinearScale, LineElement, PointElement, ScatterController } from 'chart.js';

/**
 * Draws one throw-away chart while the page is idle. Chart.js's first chart pays for font metrics, scale defaults and
 * the canvas context; paying that at start-up keeps the first live loss chart, which appears while a run streams,
 * from becoming a long main-thread task.
 */
export function warmUpCharts(): void {
  Chart.register(ScatterController, LinearScale, PointElement, LineElement);
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 200;
  const chart = new Chart(canvas, {
    type: 'scatter',
    data: { datasets: [{ data: [{ x: 0, y: 1 }, { x: 1, y: 0.5 }], showLine: true }] },
    options: { animation: false, responsive: false, scales: { x: { title: { display: true, text: 'step' } }, y: { type: 'linear' } } },
  });
  chart.destroy();
}
