import type { Chart } from 'chart.js';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '@api/client';
import { dispatchRequest, type Handlers } from '@api/dispatch';
import type { RequestParams } from '@api/requests';
import { provideApi } from '../api/instance';
import { useChartsStore } from './charts';

let sent: RequestParams<'export:chart'>[];
beforeEach(() => {
  setActivePinia(createPinia());
  sent = [];
  const handlers = {
    'export:chart': async (params: RequestParams<'export:chart'>) => {
      sent.push(params);
      return { path: `/exports/${params.name}.${params.format}`, download: null };
    },
  } as Partial<Handlers> as Handlers;
  provideApi(createApi({ invoke: (channel, params) => dispatchRequest(handlers, channel, params), subscribe: () => () => undefined }));
});

describe('charts store', () => {
  it('exports the chart last touched, by its own file name, and forgets charts that leave the screen', async () => {
    const charts = useChartsStore();
    const off = charts.register({ id: 'frontier', fileName: () => 'run a-frontier', chart: () => null, csv: () => ({ runId: 'r1' }) });
    charts.register({ id: 'losses-gates', fileName: () => 'run a-losses-gates', chart: () => null, csv: () => ({ text: 'series,step,loss\n' }) });
    await charts.exportChart('csv');
    expect(sent.at(-1)).toEqual({ format: 'csv', name: 'run a-frontier', runId: 'r1' });
    charts.activate('losses-gates');
    await charts.exportChart('csv');
    expect(sent.at(-1)).toEqual({ format: 'csv', name: 'run a-losses-gates', text: 'series,step,loss\n' });
    expect(charts.message).toBe('Saved /exports/run a-losses-gates.csv');
    await charts.exportChart('png');
    expect(charts.message).toBe('Export failed: The chart is not drawn yet.');
    off();
    charts.activate('nothing');
    expect(charts.current()?.id).toBe('losses-gates');
  });

  it('draws the image inside the chart\'s own export layout, and restores the screen after', async () => {
    const charts = useChartsStore();
    let legend = false;
    const chart = { toBase64Image: () => (legend ? 'data:image/png;base64,legend' : 'data:image/png;base64,plain') } as unknown as Chart;
    charts.register({
      id: 'losses-heads',
      fileName: () => 'run a-losses-heads',
      chart: () => chart,
      csv: () => null,
      exporting: (draw) => {
        legend = true;
        try {
          return draw();
        } finally {
          legend = false;
        }
      },
    });
    await charts.exportChart('png', 'losses-heads');
    expect(sent.at(-1)).toEqual({ format: 'png', name: 'run a-losses-heads', dataUrl: 'data:image/png;base64,legend' });
    expect(legend).toBe(false);
  });

  it('says so when there is nothing to export', async () => {
    await useChartsStore().exportChart('svg');
    expect(useChartsStore().message).toMatch(/no chart to export yet/);
  });
});
