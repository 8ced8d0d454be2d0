import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEEDED } from './seeded-runs';
import { serve, type Served } from './serve-fixture';

const SCREENS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'screens');

/**
 * The UI specs (`ui-*.spec.ts`): each runs at 1440×900 and 1280×720 (the Playwright projects), on browser mode serving
 * a copy of the seeded runs (`seeded-runs.ts`), one server per worker.
 */
export const test = base.extend<{ shot: (name: string) => Promise<void> }, { served: Served }>({
  served: [
    async ({}, use) => {
      const served = await serve(SEEDED.workspace);
      await use(served);
      await served.stop();
    },
    { scope: 'worker' },
  ],
  shot: async ({ page }, use, info) => {
    await use(async (name) => {
      const dir = path.join(SCREENS, info.project.name);
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: false });
    });
  },
});

export { expect };

/** Opens the workbench and the seeded run of this name (its row's `data-test="open-run"` button). */
export async function openRun(page: Page, served: Served, name: string): Promise<void> {
  await page.goto(served.url);
  const open = page.locator('[data-test=run-row]', { hasText: name }).or(page.locator('tr', { hasText: name })).first().getByTestId('open-run');
  // The workbench opens the newest run by itself, and an open run's button is disabled: it is open already.
  await expect(open).toBeVisible();
  if (await open.isEnabled()) await open.click();
}

/** Opens a tab of the open run (Overview, Training, Frontier, Exits, Config) by its `data-test="tab-…"` button. */
export async function openTab(page: Page, tab: 'overview' | 'training' | 'frontier' | 'exits' | 'config'): Promise<void> {
  const button = page.getByTestId(`tab-${tab}`);
  // Until the tabbed layout exists every view is on one page: nothing to click.
  if ((await button.count()) > 0) await button.click();
}
