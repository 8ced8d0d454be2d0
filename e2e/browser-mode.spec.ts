import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { serve, type Served } from './serve-fixture';

let served: Served;
test.beforeAll(async () => {
  served = await serve();
});
test.afterAll(async () => {
  await served?.stop();
});

test('browser mode: picks the WebSocket, shows the backend, runs, streams progress and stops a run', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));

  await page.goto(served.url);
  await expect(page.getByTestId('transport')).toHaveText('Browser (WebSocket)');
  await expect(page.getByTestId('backend')).toContainText(/wasm|cpu|tensorflow/);

  // A real MNIST run, kept small.
  await page.getByTestId('run-name').fill('e2e tiny');
  await page.getByTestId('run-alphas').fill('0, 1');
  await page.getByTestId('run-limit').fill('200');
  // The host's estimate for this config, before it starts: 200 train+val and 200 test images.
  await expect(page.getByTestId('run-estimate')).toContainText(/^≈ \d+ (s|min) · \d+ MB · 400 images$/);
  await page.getByTestId('start-run').click();
  const tiny = page.locator('tr', { hasText: 'e2e tiny' });
  await expect(tiny).toHaveAttribute('data-status', 'finished');
  await expect(tiny).toContainText('2/2');

  // Its results: the frontier draws, a table of budgets, the first α's exit detail, a PNG export.
  await expect(page.getByTestId('frontier')).toContainText('e2e tiny');
  await expect(page.getByTestId('budget-table')).toContainText('leenet');
  await expect(page.getByTestId('point-detail')).toContainText('leenet α=0');
  await page.getByTestId('frontier-axis').selectOption('speedup');
  const png = page.waitForEvent('download');
  await page.getByTestId('export-png').click();
  const pngFile = await (await png).path();
  expect(readFileSync(pngFile).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  await page.screenshot({ path: 'test-results/screens/results.png', fullPage: true });

  // A longer one, stopped from the UI.
  await page.getByTestId('run-name').fill('e2e stopped');
  await page.getByTestId('run-alphas').fill('0 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1');
  await page.getByTestId('run-limit').fill('1000');
  await page.getByTestId('start-run').click();
  const long = page.locator('tr', { hasText: 'e2e stopped' });
  await expect(long).toHaveAttribute('data-status', 'running');
  // Live progress text: phase, steps, ETA and the latest loss, e.g. `gates · 120/3300 (3%) · ETA 40 s · loss gate:α=0 0.231`.
  await expect(long.getByTestId('progress')).toContainText(/^gates · \d+\/\d+ \(\d+%\)/);
  await long.getByTestId('stop-run').click();
  await expect(long).toHaveAttribute('data-status', 'stopped', { timeout: 5_000 });

  // The CSV export comes back as a download in browser mode.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  expect((await download).suggestedFilename()).toMatch(/-frontier\.csv$/);

  expect(problems).toEqual([]);
});

test('browser mode: the page and the socket refuse requests without the token', async ({ page, request }) => {
  expect((await request.get(`${served.origin}/`)).status()).toBe(403);
  expect((await request.get(`${served.origin}/?token=wrong`)).status()).toBe(403);
  await page.goto(`${served.origin}/?token=wrong`);
  await expect(page.locator('body')).toContainText('Forbidden');
  const refused = await page.evaluate(
    (origin) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=wrong`);
        ws.onopen = () => resolve(false);
        ws.onerror = () => resolve(true);
      }),
    served.origin,
  );
  expect(refused).toBe(true);
});
