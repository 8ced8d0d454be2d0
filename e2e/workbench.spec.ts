import { expect, test, type Download, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serve, type Served } from './serve-fixture';
import { fillTinyRun } from './tiny-run';

/**
 * The whole workbench against browser mode and the real engine on small MNIST runs, one step per feature (a failure
 * names it): set up, live curves, frontier, budget dial, exports, exit browser, stop, runs (overlay, rename, delete,
 * resume, feature cache), reload, theme. The steps share one page and the runs it makes, in order. Each view is
 * saved as a screenshot in test-results/screens/. How long the page's main thread is blocked is `npm run bench:ui`'s
 * to measure, not a test's.
 */
let served: Served;
test.beforeAll(async () => {
  served = await serve();
});
test.afterAll(async () => {
  await served?.stop();
});

const SCREENS = 'test-results/screens';
/**
 * A full-page screenshot with the sticky status bar at the page's foot rather than across the first viewport. Through
 * the CSSOM: the CSP refuses the stylesheet Playwright's `style` option would inject.
 */
async function shot(page: Page, name: string): Promise<void> {
  const bar = page.getByTestId('status-bar');
  await bar.evaluate((el) => el.style.setProperty('position', 'static'));
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
  await bar.evaluate((el) => el.style.removeProperty('position'));
}
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function saved(download: Promise<Download>): Promise<{ name: string; bytes: Buffer }> {
  const d = await download;
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

/** Opens the New sweep drawer and fills it with the tiny run. */
async function fillTiny(page: Page, name: string): Promise<void> {
  await fillTinyRun(page, name);
  await expect(page.getByTestId('run-alpha-preview')).toHaveText('3 values: 0, 0.5, 1');
}

test('the workbench: set up, watch live, stop, read the frontier, browse exits, export, manage runs, reload', async ({ page }) => {
  mkdirSync(SCREENS, { recursive: true });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  // Each run's entry in the runs sidebar.
  const row = (name: string) => page.getByTestId('run-row').filter({ hasText: name });
  const tiny = row('e2e tiny');
  const stopped = row('e2e stopped');
  const kept = row('e2e kept');
  const third = row('e2e shortcut stop');
  // The open run's views are tabs.
  const tab = (name: 'overview' | 'training' | 'frontier' | 'exits' | 'config') => page.getByTestId(`tab-${name}`).click();
  const frontier = page.getByTestId('frontier');
  // Several views own a confirmation dialog; the one asking is the open one.
  const confirm = page.locator('dialog[open][data-test=confirm-dialog]');

  await test.step('set up: inline messages, Run disabled while anything is wrong, the estimate', async () => {
    await page.goto(served.url);
    await expect(page.getByTestId('transport')).toHaveText('Browser (WebSocket)');
    await expect(page.getByTestId('backend')).toContainText(/wasm|cpu|tensorflow/);
    await fillTiny(page, 'e2e tiny');
    await page.getByTestId('run-seed').fill('x');
    await expect(page.getByTestId('setup')).toContainText('A seed must be a number.');
    await expect(page.getByTestId('start-run')).toBeDisabled();
    await page.getByTestId('run-seed').fill('7');
    await page.getByTestId('run-seeds').fill('11');
    await expect(page.getByTestId('setup')).toContainText('Seeds must be at most 10.');
    await expect(page.getByTestId('start-run')).toBeDisabled();
    await page.getByTestId('run-seeds').fill('1');
    await page.getByTestId('run-dataset').selectOption('cifar10');
    await expect(page.getByTestId('setup')).toContainText('Give the folder with the cifar10 files.');
    await expect(page.getByTestId('start-run')).toBeDisabled();
    await page.getByTestId('run-dataset').selectOption('mnist');
    await expect(page.getByTestId('start-run')).toBeEnabled();
    await expect(page.getByTestId('run-estimate')).toContainText(/^≈ \d+ (s|min) · \d+ MB · 600 images$/);
    await shot(page, '1-setup');
  });

  await test.step('live: loss curves draw while the run streams; log scale, smoothing, pause', async () => {
    await page.getByTestId('start-run').click();
    // Run closes the New sweep drawer and shows the run's training.
    await expect(page.getByTestId('new-sweep-dialog')).toBeHidden();
    await expect(page.getByTestId('tab-training')).toHaveAttribute('aria-selected', 'true');
    await expect(tiny).toHaveAttribute('data-status', 'running');
    // Pause is there while the run streams (from its first losses), and only then.
    await page.getByTestId('live-pause').click();
    await expect(page.getByTestId('live-pause')).toHaveText(/^Resume/);
    await page.getByTestId('live-pause').click();
    const lossChart = page.getByTestId('loss-chart').first();
    await expect.poll(async () => Number(await lossChart.getAttribute('data-points')), { timeout: 120_000 }).toBeGreaterThan(0);
    await page.getByTestId('live-log').check();
    await page.getByTestId('live-smoothing').fill('0.9');
    await expect(page.locator('[data-test=loss-chart][data-group=gate-ce]')).toBeVisible({ timeout: 120_000 });
    await shot(page, '2-live');
    await expect(tiny).toHaveAttribute('data-status', 'finished');
    await expect(page.getByTestId('live-pause')).toHaveCount(0);
  });

  await test.step('frontier: α points and envelope, budget table, exits and calibration, point detail', async () => {
    await tab('frontier');
    // One labelled point per α and the learned envelope, with the policies, the engine's budget table (chosen on
    // validation, winners marked) and each exit's accuracy and calibration.
    await expect(frontier).toContainText('e2e tiny');
    await expect(frontier).toHaveAttribute('data-leenet-points', '3');
    expect(Number(await frontier.getAttribute('data-envelope-points'))).toBeGreaterThan(0);
    const budgets = page.getByTestId('budget-table');
    await expect(budgets).toHaveAttribute('data-source', 'summary');
    await expect(budgets).toContainText('learned gates (LEENet loss)');
    await expect(budgets).toContainText('AUC');
    await expect(page.getByTestId('budget-caption')).toContainText(/drop vs the backbone's own classifier \([^)]+\): \d+\.\d\d% on test\. Operating points are chosen on validation\./);
    const exitTable = page.getByTestId('exit-table');
    await expect(exitTable).toContainText('Exits and calibration');
    await expect(exitTable.locator('tr[data-exit]').last()).toHaveAttribute('data-exit', 'final');
    await expect(exitTable.locator('tr[data-exit]').first()).toContainText(/\d+\.\d\d% → \d+\.\d\d%/);
    await expect(page.getByTestId('point-detail')).toContainText('leenet α=0');
    await page.getByTestId('frontier-axis').selectOption('speedup');
    await shot(page, '3-frontier');
  });

  await test.step('budget dial: a typed budget, a bad one, another policy, the model export', async () => {
    // A typed budget gets the validation-chosen point with its test figures; a bad one says why; the point exports
    // as a model folder (browser mode: under the workspace).
    const dial = page.getByTestId('budget-dial');
    await dial.getByTestId('dial-value').fill('abc');
    await expect(dial.getByTestId('dial-field-error')).toHaveText('Type a number.');
    await dial.getByTestId('dial-value').fill('1.2');
    await expect(dial.getByTestId('dial-answer')).toBeVisible({ timeout: 60_000 });
    await expect(dial.getByTestId('dial-validation')).toContainText(/\d+\.\d\d%/);
    await expect(dial.getByTestId('dial-test')).toContainText(/\d+\.\d\d×/);
    await dial.getByTestId('dial-policy').selectOption('max-softmax');
    await expect(dial.getByTestId('dial-answer')).toHaveAttribute('data-policy', 'max-softmax', { timeout: 60_000 });
    if ((await dial.getByTestId('dial-answer').getAttribute('data-met')) === 'true') {
      await dial.getByTestId('dial-export').click();
      await expect(dial.getByTestId('dial-exported')).toContainText(served.workspace, { timeout: 120_000 });
      const folder = /Saved to (\S+)/.exec((await dial.getByTestId('dial-exported').textContent()) ?? '')?.[1] ?? '';
      expect(JSON.parse(readFileSync(path.join(folder, 'leenet-model.json'), 'utf8'))).toMatchObject({ format: 'leenet-early-exit', rule: { kind: 'max-softmax' } });
    }
    await shot(page, '3b-budget-dial');
  });

  await test.step('export: the frontier as PNG, SVG and CSV, a loss chart as CSV, the PNG shortcut', async () => {
    // Named after the run and the chart.
    const pngFile = await saved(Promise.all([page.waitForEvent('download'), page.getByTestId('export-frontier-png').click()]).then(([d]) => d));
    expect(pngFile.name).toBe('e2e tiny-frontier.png');
    expect(pngFile.bytes.subarray(0, 8)).toEqual(PNG);
    const svgFile = await saved(Promise.all([page.waitForEvent('download'), page.getByTestId('export-frontier-svg').click()]).then(([d]) => d));
    expect(svgFile.name).toBe('e2e tiny-frontier.svg');
    const svgCheck = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      // The threshold sweeps are polylines: at least one path with many segments.
      const polylines = [...doc.getElementsByTagName('path')].filter((p) => (p.getAttribute('d') ?? '').split('L').length > 5).length;
      return { root: doc.documentElement.nodeName, errors: doc.getElementsByTagName('parsererror').length, text: doc.documentElement.textContent ?? '', polylines };
    }, svgFile.bytes.toString('utf8'));
    expect(svgCheck).toMatchObject({ root: 'svg', errors: 0 });
    expect(svgCheck.text).toContain('α=0.5');
    expect(svgCheck.text).toContain('learned gates (LEENet loss)');
    expect(svgCheck.polylines).toBeGreaterThan(0);
    const csvFile = await saved(Promise.all([page.waitForEvent('download'), page.getByTestId('export-frontier-csv').click()]).then(([d]) => d));
    expect(csvFile.bytes.toString('utf8').split('\n')[0]).toBe('policy,param,split,accuracy,cost,speedup,exit_fractions,exit_accuracy,threshold,curve,envelope');
    await tab('training');
    const lossCsv = await saved(Promise.all([page.waitForEvent('download'), page.getByTestId('export-losses-gate-ce-csv').click()]).then(([d]) => d));
    expect(lossCsv.name).toBe('e2e tiny-losses-gate-ce.csv');
    expect(lossCsv.bytes.toString('utf8')).toMatch(/^series,step,time,loss,smoothed\ngate-ce:α=0,\d+,[\d.]+,/);
    // The PNG shortcut exports the chart last touched.
    const viaKey = await saved(Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+e')]).then(([d]) => d));
    expect(viaKey.name).toBe('e2e tiny-losses-gate-ce.png');
  });

  await test.step('exit browser: images of the selected α at an exit, the incorrect filter, one enlarged', async () => {
    await tab('exits');
    const browser = page.getByTestId('exit-browser');
    await expect(browser.getByTestId('eb-tile').first()).toBeVisible();
    const count = async () => Number(/(\d+) images?/.exec((await browser.getByTestId('eb-total').textContent()) ?? '')?.[1] ?? NaN);
    // The exit where most samples of the α left.
    // Its exits, not "any".
    const exits = await browser.getByTestId('eb-exit').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
    let best = { value: exits[0], n: -1 };
    // The grid is busy until the page for the new filter has landed: the total read before that is the last one's.
    const settled = () => expect(browser.getByTestId('eb-grid')).toHaveAttribute('aria-busy', 'false');
    for (const value of exits) {
      await browser.getByTestId('eb-exit').selectOption(value);
      await settled();
      const n = await count();
      if (n > best.n) best = { value, n };
    }
    await browser.getByTestId('eb-exit').selectOption(best.value);
    await expect.poll(count).toBe(best.n);
    await browser.getByTestId('eb-correct').locator('input[value=incorrect]').check();
    await expect.poll(count).toBeLessThan(best.n);
    const wrong = await count();
    if (wrong > 0) await expect(browser.locator('[data-test=eb-tile][data-correct=false]').first()).toBeVisible();
    await expect(browser.locator('[data-test=eb-tile][data-correct=true]')).toHaveCount(0);
    await browser.getByTestId('eb-correct').locator('input[value=all]').check();
    await expect.poll(count).toBe(best.n);
    await shot(page, '4-exit-browser');
    await browser.getByTestId('eb-tile').first().click();
    await expect(page.getByTestId('eb-dialog')).toBeVisible();
    await expect(page.getByTestId('eb-dialog')).toContainText('final');
    await shot(page, '5-enlarged');
    await page.getByTestId('eb-dialog-close').click();
    await expect(page.getByTestId('eb-dialog')).toBeHidden();
  });

  await test.step('stop: a second run, started with Ctrl+Enter, stopped from the live panel after three α', async () => {
    await fillTiny(page, 'e2e stopped');
    await page.getByTestId('run-alphaStep').fill('0.1');
    await page.getByTestId('run-limit').fill('2000');
    await page.getByTestId('run-gateEpochs').fill('300');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('new-sweep-dialog')).toBeHidden();
    await expect(stopped).toHaveAttribute('data-status', 'running');
    await expect(stopped.getByTestId('alphas-done')).toHaveText(/^([3-9]|10)\/11$/, { timeout: 180_000 });
    await expect(page.getByTestId('live')).toContainText('Live · e2e stopped');
    await page.getByTestId('live-stop').click();
    await expect(stopped).toHaveAttribute('data-status', 'stopped', { timeout: 5_000 });
  });

  await test.step('runs management: overlay, rename, delete with confirmation, stop with Ctrl+. and resume, clear the feature cache', async () => {
    // Overlay the stopped run's α on the open frontier, rename, delete with confirmation.
    await tab('frontier');
    await stopped.getByTestId('overlay-run').check();
    await expect(frontier).toHaveAttribute('data-overlays', '1');
    await shot(page, '6-runs-overlay');
    await tiny.getByTestId('rename-run').click();
    await page.getByTestId('rename-input').fill('e2e kept');
    await page.getByTestId('rename-input').press('Enter');
    await expect(kept).toHaveAttribute('data-status', 'finished');
    await expect(frontier).toContainText('e2e kept');
    await stopped.getByTestId('delete-run').click();
    await expect(confirm).toContainText('e2e stopped');
    await confirm.getByTestId('confirm-cancel').click();
    await expect(stopped).toBeVisible();
    await stopped.getByTestId('delete-run').click();
    await confirm.getByTestId('confirm-ok').click();
    await expect(stopped).toHaveCount(0);
    await expect(frontier).toHaveAttribute('data-overlays', '0');

    // A third run stopped at once with the stop shortcut, then resumed: it is taken up under the same row and finishes.
    await fillTiny(page, 'e2e shortcut stop');
    await page.getByTestId('start-run').click();
    await expect(third).toHaveAttribute('data-status', /running|queued/);
    await page.keyboard.press('Control+.');
    await expect(third).toHaveAttribute('data-status', 'stopped', { timeout: 10_000 });
    await third.getByTestId('resume-run').click();
    await expect(third).toHaveAttribute('data-status', 'finished', { timeout: 180_000 });
    await expect(third.getByTestId('resume-run')).toHaveCount(0);

    // The feature cache: the runs' backbone passes, shown in the status bar and cleared on confirmation.
    const featureCache = page.getByTestId('feature-cache');
    await expect(featureCache).toContainText(/feature cache: \d+(\.\d)? (MB|GB) in \d+ passes/);
    await featureCache.getByTestId('feature-cache-clear').click();
    await expect(confirm).toContainText('Clear the feature cache?');
    await confirm.getByTestId('confirm-ok').click();
    await expect(featureCache).toContainText('feature cache: empty');
  });

  await test.step('reload: the runs are still there, the newest finished one opens, saved loss curves draw again', async () => {
    await page.reload();
    await expect(kept).toHaveAttribute('data-status', 'finished');
    await expect(third).toHaveAttribute('data-status', 'finished');
    // The newest finished run (the resumed one) opens by itself; the kept one opens on request.
    await tab('frontier');
    await expect(frontier).toContainText('e2e shortcut stop');
    await kept.getByTestId('open-run').click();
    await expect(frontier).toContainText('e2e kept');
    // The exports folder the budget panel wrote into sits in the workspace but is not a run.
    await expect(page.getByTestId('runs')).not.toContainText('run.json unreadable');
    // Its loss curves were saved with it and draw again.
    await tab('training');
    await expect(page.getByTestId('live')).toContainText('Live · e2e kept');
    await expect.poll(async () => Number(await page.getByTestId('loss-chart').first().getAttribute('data-points'))).toBeGreaterThan(0);
  });

  await test.step('theme: follows the OS until toggled', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await shot(page, '7-dark');
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });

  await test.step('no errors on the page', async () => {
    expect(problems).toEqual([]);
  });
});
