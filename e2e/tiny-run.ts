import type { Page } from '@playwright/test';

/** Opens the New sweep drawer from the header, unless it is open already. */
export async function openNewSweep(page: Page): Promise<void> {
  if (!(await page.getByTestId('new-sweep-dialog').isVisible())) await page.getByTestId('new-sweep').click();
  await page.getByTestId('setup').waitFor();
}

/**
 * Fills the New sweep form (opening it first) with a small, quick config: 300 samples, a 1-epoch backbone, α 0…1 by 0.5, gates trained
 * per α with the LEENet loss (each α then has its own gate curve and finishes on its own). The e2e and bench:ui share it.
 */
export async function fillTinyRun(page: Page, name: string): Promise<void> {
  await openNewSweep(page);
  await page.getByTestId('reset-setup').click();
  await page.getByTestId('run-name').fill(name);
  await page.getByTestId('run-gateTarget').selectOption('leenet');
  await page.getByTestId('run-limit').fill('300');
  await page.getByTestId('run-backboneEpochs').fill('1');
  await page.getByTestId('run-headEpochs').fill('2');
  await page.getByTestId('run-gateEpochs').fill('8');
  await page.getByTestId('run-alphaStep').fill('0.5');
}
