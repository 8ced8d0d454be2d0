import { openTab, openRun, runRow, test, expect } from './ui-fixture';
import { fillTinyRun, openNewSweep } from './tiny-run';
import type { Locator, Page } from '@playwright/test';

/**
 * The layout: a runs sidebar (each run in its own colour, its figures, overlay), the open run's tabs, New sweep as a
 * drawer that closes when Run starts a run, and a status bar that never covers anything.
 */
const TABS = ['overview', 'training', 'frontier', 'exits', 'config'] as const;
/** palette.ts's OVERLAY_COLOURS, which runs take in the order they were made (the e2e cannot import the renderer). */
const OVERLAY_COLOURS = ['#0891b2', '#dc2626', '#65a30d', '#c026d3'];
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
const swatchColour = (row: Locator) => row.getByTestId('run-swatch').evaluate((el) => getComputedStyle(el).backgroundColor);

/** How far the last thing in a scrolled-to-the-end box reaches below the status bar's top (≤ 0: nothing covered). */
async function overlapWithStatusBar(page: Page, box: Locator): Promise<number> {
  const bar = await page.getByTestId('status-bar').boundingBox();
  const bottom = await box.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
    // Its blocks, not their insides: a block may scroll its own content (a closed <dialog> has no box at all).
    const shown = [...el.children].map((c) => c.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
    return Math.max(...shown.map((r) => r.bottom));
  });
  return bottom - bar!.y;
}

test('the runs sidebar: every run in its own colour, its figures, the open run marked, overlay in the run’s colour', async ({ page, served, shot }) => {
  await openRun(page, served, 'seeded leenet');
  const leenet = runRow(page, 'seeded leenet');
  const auto = runRow(page, 'seeded auto');
  await expect(leenet).toHaveAttribute('aria-current', 'true');
  await expect(auto).not.toHaveAttribute('aria-current', 'true');
  await expect(leenet.getByTestId('alphas-done')).toHaveText('11/11');
  await expect(auto.getByTestId('alphas-done')).toHaveText('5/5');
  for (const row of [leenet, auto]) {
    await expect(row).toHaveAttribute('data-status', 'finished');
    await expect(row.getByTestId('run-headline')).toHaveText(/^\d+\.\d\d% · (\d+\.\d\d× within 1 pt|no speedup within 1 pt)$/);
    await expect(row.getByTestId('origin-chip')).toContainText(/^(⚠ )?backbone trained here · \d+\.\d%$/);
  }
  // Made one after the other: the first two run colours, none a policy's.
  const colours = [await swatchColour(leenet), await swatchColour(auto)];
  expect(colours).toEqual(OVERLAY_COLOURS.slice(0, 2).map(rgb));
  // The title of the open run carries its colour too.
  await expect(page.getByTestId('run-title').locator('.swatch')).toHaveCSS('background-color', colours[0]);

  await openTab(page, 'frontier');
  await auto.getByTestId('overlay-run').check();
  await expect(page.getByTestId('frontier')).toHaveAttribute('data-overlays', '1');
  await expect(auto.getByTestId('overlay-run')).toHaveCSS('accent-color', colours[1]);
  await shot('layout-sidebar-overlay');
  await auto.getByTestId('overlay-run').uncheck();
  await expect(page.getByTestId('frontier')).toHaveAttribute('data-overlays', '0');
});

test('the open run in tabs: overview, training, frontier, exits, config; arrow keys move between them', async ({ page, served, shot }) => {
  await openRun(page, served, 'seeded leenet');
  await openTab(page, 'overview');
  const panel = page.getByTestId('tab-panel');
  await expect(panel.getByTestId('fact-dataset')).toContainText('mnist');
  await expect(panel.getByTestId('fact-accuracy')).toContainText(/\d+\.\d\d%/);
  await expect(panel.getByTestId('budget-table')).toBeVisible();
  await shot('layout-overview');

  // The CLI that seeded the run keeps no loss log: the live panel names the run and says where curves come from.
  await openTab(page, 'training');
  await expect(panel.getByTestId('live')).toContainText('seeded leenet');
  await shot('layout-training');

  await openTab(page, 'frontier');
  await expect(panel.getByTestId('frontier')).toHaveAttribute('data-leenet-points', '11');
  await shot('layout-frontier');

  await openTab(page, 'exits');
  await expect(panel.getByTestId('exit-table').locator('tr[data-exit]').last()).toHaveAttribute('data-exit', 'final');
  await expect(panel.getByTestId('exit-browser').getByTestId('eb-tile').first()).toBeVisible();
  await shot('layout-exits');

  await openTab(page, 'config');
  await expect(panel.getByTestId('run-config').locator('tr[data-key=gateTarget] td')).toHaveText('LEENet loss');
  await expect(panel.getByTestId('run-config').locator('tr[data-key=limit] td')).toHaveText('1,000');
  await expect(panel.getByTestId('config-cli')).toContainText('--gate-target leenet');
  await expect(panel.getByTestId('config-cli')).toContainText('--alphas 0:1:0.1');
  await shot('layout-config');

  // The tab strip takes the arrow keys: from Config, right wraps to Overview, left goes back.
  await page.getByTestId('tab-config').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-overview')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('tab-config')).toHaveAttribute('aria-selected', 'true');

  await page.emulateMedia({ colorScheme: 'dark' });
  await openTab(page, 'overview');
  await shot('layout-overview-dark');
  await openTab(page, 'frontier');
  await shot('layout-frontier-dark');
});

test('the status bar covers nothing: every tab scrolled to its end, and the runs list, end above it', async ({ page, served }) => {
  await openRun(page, served, 'seeded leenet');
  for (const tab of TABS) {
    await openTab(page, tab);
    // Wait for the tab's content before measuring it.
    if (tab === 'exits') await expect(page.getByTestId('eb-tile').first()).toBeVisible();
    if (tab === 'training') await expect(page.getByTestId('live')).toBeVisible();
    if (tab === 'frontier') await expect(page.getByTestId('frontier')).toBeVisible();
    expect(await overlapWithStatusBar(page, page.getByTestId('tab-panel')), tab).toBeLessThanOrEqual(0);
  }
  expect(await overlapWithStatusBar(page, page.getByTestId('runs')), 'runs list').toBeLessThanOrEqual(0);
});

test('New sweep is a drawer: Esc closes it, Run closes it and shows the new run training', async ({ page, served, shot }) => {
  await openRun(page, served, 'seeded leenet');
  const drawer = page.getByTestId('new-sweep-dialog');
  await expect(drawer).toBeHidden();
  await openNewSweep(page);
  await expect(drawer).toBeVisible();
  await shot('layout-new-sweep');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  await fillTinyRun(page, 'layout drawer run');
  await page.getByTestId('start-run').click();
  await expect(drawer).toBeHidden();
  await expect(page.getByTestId('tab-training')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('tab-panel')).toContainText('layout drawer run');
  const row = runRow(page, 'layout drawer run');
  await expect(row).toHaveAttribute('data-status', /running|queued/);
  await expect(row.getByTestId('progress')).toBeVisible();
  // The newest run takes the next run colour: runs are coloured oldest first (other specs may have added runs here).
  const runsNow = await page.getByTestId('run-row').count();
  expect(await swatchColour(row)).toBe(rgb(OVERLAY_COLOURS[(runsNow - 1) % OVERLAY_COLOURS.length]));
  await shot('layout-run-started');

  // Leave the workspace as it was: stop the run and delete it.
  await row.getByTestId('stop-run').click();
  await expect(row).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  // A stopped run has the most buttons (resume, open, rename, delete): all within the sidebar.
  const sidebar = await page.getByTestId('runs-sidebar').boundingBox();
  const deleteButton = await row.getByTestId('delete-run').boundingBox();
  expect(deleteButton!.x + deleteButton!.width).toBeLessThanOrEqual(sidebar!.x + sidebar!.width);
  await shot('layout-run-stopped');
  await row.getByTestId('delete-run').click();
  await page.locator('dialog[open][data-test=confirm-dialog]').getByTestId('confirm-ok').click();
  await expect(row).toHaveCount(0);
});
