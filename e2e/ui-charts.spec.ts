import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, openRun, openTab, runRow, test } from './ui-fixture';
import { fillTinyRun } from './tiny-run';

/** A loss chart of the live panel by its group (`gate-ce`, `gate-cost`, `gates`, `heads`, …). */
const chart = (page: Page, group: string) => page.locator(`[data-test=loss-chart][data-group=${group}]`);
const canvas = (c: Locator) => c.getByTestId('loss-canvas');
/** Hover, zoom and clicks answer at once: no need for the run-length default wait. */
const quick = expect.configure({ timeout: 15_000 });

/** Puts the pointer at a fraction of a chart's canvas (its plot area lies well inside the middle), in view first. */
async function hover(page: Page, c: Locator, fx: number): Promise<void> {
  await show(c);
  const box = (await canvas(c).boundingBox())!;
  await page.mouse.move(box.x + fx * box.width, box.y + 0.5 * box.height);
}

/** Scrolls a chart to the middle of the window, clear of the status bar. */
async function show(c: Locator): Promise<void> {
  await c.evaluate((el) => el.scrollIntoView({ block: 'center' }));
}

/** system → light → dark: the header's button until the wanted mode. */
async function theme(page: Page, mode: 'light' | 'dark'): Promise<void> {
  const toggle = page.getByTestId('theme-toggle');
  for (let i = 0; i < 3 && (await toggle.getAttribute('data-theme-mode')) !== mode; i++) await toggle.click();
  await expect(toggle).toHaveAttribute('data-theme-mode', mode);
}

test('loss charts: the gate loss as its two terms per α, synced crosshair, zoom, wall time, legend isolation', async ({ page, served, shot }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openRun(page, served, 'seeded leenet');
  await openTab(page, 'training');
  const ce = chart(page, 'gate-ce');
  const cost = chart(page, 'gate-cost');

  await test.step("the gate loss is drawn as its two terms, one curve per α for all 11 α; the loss itself on request", async () => {
    await expect(ce).toHaveAttribute('data-series', '11');
    await expect(cost).toHaveAttribute('data-series', '11');
    await expect(ce.getByTestId('legend-item')).toHaveCount(11);
    // Every reported step of the short gate phase is kept: 40 epochs of one batch per α.
    expect(Number(await ce.getAttribute('data-points'))).toBeGreaterThanOrEqual(11 * 40);
    await expect(chart(page, 'gates')).toHaveCount(0);
    await page.getByTestId('live-gate-loss').check();
    await expect(chart(page, 'gates')).toHaveAttribute('data-series', '11');
    await page.getByTestId('live-gate-loss').uncheck();
    await expect(chart(page, 'gates')).toHaveCount(0);
    await theme(page, 'light');
    await show(ce);
    await shot('charts-gates-light');
  });

  await test.step('hovering one chart draws the crosshair at the same step in the others', async () => {
    await quick(canvas(cost)).not.toHaveAttribute('data-crosshair-x');
    await hover(page, ce, 0.5);
    await quick(canvas(ce)).toHaveAttribute('data-crosshair-x', /^\d+(\.\d+)?$/);
    const x = await canvas(ce).getAttribute('data-crosshair-x');
    await quick(canvas(cost)).toHaveAttribute('data-crosshair-x', x!);
    await shot('charts-crosshair-light');
    await hover(page, cost, 0.7);
    await quick(canvas(ce)).not.toHaveAttribute('data-crosshair-x', x!);
    await quick(canvas(ce)).toHaveAttribute('data-crosshair-x', (await canvas(cost).getAttribute('data-crosshair-x'))!);
    await page.mouse.move(1, 1);
    await quick(canvas(ce)).not.toHaveAttribute('data-crosshair-x');
  });

  await test.step('Ctrl + wheel zooms in on x; Reset zoom brings every step back', async () => {
    await quick(ce.getByTestId('reset-zoom')).toHaveCount(0);
    await hover(page, ce, 0.5);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    await quick(ce).toHaveAttribute('data-zoomed', 'true');
    await ce.getByTestId('reset-zoom').click();
    await quick(ce).toHaveAttribute('data-zoomed', 'false');
    await quick(ce.getByTestId('reset-zoom')).toHaveCount(0);
  });

  await test.step('step or wall time on the x-axis', async () => {
    await quick(ce).toHaveAttribute('data-x-title', 'step (within its α)');
    await page.getByTestId('live-x-time').click();
    await quick(ce).toHaveAttribute('data-x-axis', 'time');
    await quick(ce).toHaveAttribute('data-x-title', /^wall time since the run started/);
    await quick(chart(page, 'heads')).toHaveAttribute('data-x-title', /^wall time/);
    await page.getByTestId('live-x-step').click();
    await quick(ce).toHaveAttribute('data-x-title', 'step (within its α)');
  });

  await test.step('a legend click isolates one α in every gate chart, a second click brings all back, Shift-click hides one', async () => {
    const half = ce.locator('[data-test=legend-item][data-key="α=0.5"]');
    await quick(half).toHaveAttribute('title', /Shift- or (Ctrl|⌘)-click/);
    await half.click();
    await quick(ce).toHaveAttribute('data-visible-series', '1');
    await quick(cost).toHaveAttribute('data-visible-series', '1');
    await hover(page, ce, 0.5);
    await shot('charts-isolated-light');
    await half.click();
    await quick(ce).toHaveAttribute('data-visible-series', '11');
    await ce.locator('[data-test=legend-item][data-key="α=0"]').click({ modifiers: ['Shift'] });
    await quick(ce).toHaveAttribute('data-visible-series', '10');
    await quick(cost).toHaveAttribute('data-visible-series', '10');
    await ce.locator('[data-test=legend-item][data-key="α=0"]').click({ modifiers: ['Shift'] });
    await quick(ce).toHaveAttribute('data-visible-series', '11');
  });

  await test.step('an exported chart carries its legend, which the screen draws beside it', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-losses-gate-ce-svg').click()]);
    const svg = readFileSync((await download.path())!, 'utf8');
    expect(svg).toContain('α=0.5');
    expect(svg).toContain('step (within its α)');
    await quick(ce.getByTestId('legend-item')).toHaveCount(11);
  });

  await test.step('the frontier names its 11 α without piling labels up', async () => {
    await openTab(page, 'frontier');
    await show(page.getByTestId('frontier'));
    await shot('charts-frontier-alphas-light');
    await openTab(page, 'training');
  });

  await test.step('dark theme', async () => {
    await theme(page, 'dark');
    await show(ce);
    await hover(page, ce, 0.4);
    await shot('charts-crosshair-dark');
    await page.getByTestId('live-x-time').click();
    await quick(ce).toHaveAttribute('data-x-axis', 'time');
    await page.mouse.move(1, 1);
    await shot('charts-walltime-dark');
    await openTab(page, 'frontier');
    await show(page.getByTestId('frontier'));
    await shot('charts-frontier-alphas-dark');
    await openTab(page, 'training');
    await page.getByTestId('live-x-step').click();
  });
  // Hover, zoom, legend and axis changes threw nothing on the page.
  expect(errors).toEqual([]);
});

test('live panel: Pause only while a run goes, and an ETA for the whole sweep', async ({ page, served, shot }, info) => {
  await openRun(page, served, 'seeded leenet');
  await openTab(page, 'training');
  // The open run has finished: nothing streams, nothing to pause.
  await expect(chart(page, 'gate-ce')).toBeVisible();
  await expect(page.getByTestId('live-pause')).toHaveCount(0);

  const newSweep = page.getByTestId('new-sweep');
  if ((await newSweep.count()) > 0) await newSweep.click();
  // Long gates, stopped once seen: a run that ends before its host estimate comes back would never show the ETA.
  const name = `ui charts long ${info.project.name}`;
  await fillTinyRun(page, name);
  await page.getByTestId('run-gateEpochs').fill('400');
  await page.getByTestId('start-run').click();
  await openTab(page, 'training');
  const row = runRow(page, name);
  // Shown as soon as the new run streams its first losses.
  await expect(page.getByTestId('live-pause')).toBeVisible();
  await expect(page.getByTestId('sweep-eta')).toHaveText(/^Sweep ETA \d+ (s|min \d\d s)$/);
  await page.getByTestId('live').scrollIntoViewIfNeeded();
  await shot('charts-live-running');
  await page.getByTestId('live-stop').click();
  await expect(row).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByTestId('live-pause')).toHaveCount(0);
  await expect(page.getByTestId('sweep-eta')).toHaveCount(0);
});
