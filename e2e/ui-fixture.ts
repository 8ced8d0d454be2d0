import { test as base, expect, type Locator, type Page } from '@playwright/test';
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

/** The sidebar's entry for the run of this name. */
export function runRow(page: Page, name: string): Locator {
  return page.getByTestId('run-row').filter({ has: page.getByTestId('run-name-link').getByText(name, { exact: true }) });
}

/** Opens the workbench and the seeded run of this name (its sidebar entry's `data-test="open-run"` button). */
export async function openRun(page: Page, served: Served, name: string): Promise<void> {
  await page.goto(served.url);
  await runRow(page, name).getByTestId('open-run').click();
  await expect(page.getByTestId('run-title')).toContainText(name);
}

/** Opens a tab of the open run (Overview, Training, Frontier, Exits, Config) by its `data-test="tab-…"` button. */
export async function openTab(page: Page, tab: 'overview' | 'training' | 'frontier' | 'exits' | 'config'): Promise<void> {
  await page.getByTestId(`tab-${tab}`).click();
  await expect(page.getByTestId('tab-panel')).toHaveAttribute('data-tab', tab);
}
