import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { SEEDED } from './seeded-runs';
import { openRun, openTab, runRow, test, expect } from './ui-fixture';
import { openNewSweep } from './tiny-run';

/**
 * A first run that makes sense: the form's defaults are the engine's own job, a run that trained its own backbone
 * says so with that backbone's accuracy (and warns when an exit beats it), and the form's polish — messages under
 * their field, boxes that stay put, Rename with Cancel, a backbone that cannot read the dataset refused before Run.
 */
interface SeededRun {
  name: string;
  provision: { source: string; trainSamples: number; epochs: number; testAccuracy: number };
  exitReports: { name: string; accuracy: number }[];
  splitSizes?: { test: number };
}
function seeded(name: string): SeededRun {
  for (const id of readdirSync(SEEDED.workspace)) {
    const file = path.join(SEEDED.workspace, id, 'run.json');
    const run = JSON.parse(readFileSync(file, 'utf8')) as SeededRun;
    if (run.name === name) return run;
  }
  throw new Error(`No seeded run "${name}" in ${SEEDED.workspace}`);
}
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
/** The field (label, control and its message) around a form control. */
const fieldOf = (page: Page, control: string) => page.locator('label.field', { has: page.getByTestId(control) });

test('the default form is the shipped-weights job on all of MNIST, as `npm run sweep`', async ({ page, served, shot }) => {
  await page.goto(served.url);
  await openNewSweep(page);
  await expect(page.getByTestId('run-backbone')).toHaveValue('mnist-small');
  await expect(page.getByTestId('run-dataset')).toHaveValue('mnist');
  await expect(page.getByTestId('run-weights')).toHaveValue('');
  await expect(page.getByTestId('run-limit')).toHaveValue('');
  await expect(page.getByTestId('run-alpha-preview')).toHaveText('11 values: 0, 0.1, 0.2, 0.3, …, 1');
  await expect(page.getByTestId('run-gateTarget')).toHaveValue('auto');
  await expect(page.getByTestId('start-run')).toBeEnabled();
  // All of MNIST: 60,000 training images (54,000 train + 6,000 validation) and the 10,000 test images.
  await expect(page.getByTestId('run-estimate')).toContainText(/^≈ \d+ (s|min|h) · \d+ MB · 70,000 images$/, { timeout: 60_000 });
  await shot('first-run-defaults');
});

test('a seeded run says it trained its own backbone, with that backbone’s accuracy', async ({ page, served, shot }) => {
  const run = seeded('seeded leenet');
  expect(run.provision).toMatchObject({ source: 'trained', trainSamples: 900, epochs: 2 });
  await openRun(page, served, 'seeded leenet');
  await openTab(page, 'overview');
  await expect(page.getByTestId('backbone-origin')).toHaveText(`mnist-small trained here on 900 images for 2 epochs — its own classifier scores ${pct(run.provision.testAccuracy)} on test`);
  await expect(runRow(page, 'seeded leenet').getByTestId('origin-chip')).toContainText(`backbone trained here · ${pct(run.provision.testAccuracy)}`);
  // The seeded backbone (2 epochs on 900 images) is weaker than its own deeper exits: the warning names the best one.
  const final = run.exitReports.at(-1)!;
  const best = run.exitReports.slice(0, -1).reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  const noise = 2 * Math.sqrt((final.accuracy * (1 - final.accuracy)) / (run.splitSizes?.test ?? 1000));
  if (best.accuracy - final.accuracy > noise) {
    await expect(page.getByTestId('backbone-warning')).toContainText(`${best.name} (${pct(best.accuracy)})`);
    await expect(page.getByTestId('backbone-warning')).toContainText(`the backbone's own classifier (${pct(final.accuracy)}): the backbone is undertrained`);
  } else {
    await expect(page.getByTestId('backbone-warning')).toHaveCount(0);
  }
  await shot('first-run-overview');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('first-run-overview-dark');
});

test('a range’s message shows under the field it concerns, and no box moves as messages come and go', async ({ page, served, shot }) => {
  await page.goto(served.url);
  await openNewSweep(page);
  const boxes = () => Promise.all(['run-alphaStart', 'run-alphaStop', 'run-alphaStep', 'run-backboneEpochs', 'run-limit'].map((t) => page.getByTestId(t).boundingBox()));
  const before = await boxes();
  await page.getByTestId('run-alphaStart').fill('0.8');
  await page.getByTestId('run-alphaStop').fill('0.2');
  await expect(fieldOf(page, 'run-alphaStop').getByRole('alert')).toHaveText('Stop must not be below start.');
  await expect(fieldOf(page, 'run-alphaStep').getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('start-run')).toBeDisabled();
  expect(await boxes()).toEqual(before);
  await shot('first-run-validation');
  await page.getByTestId('run-alphaStop').fill('1');
  await page.getByTestId('run-alphaStep').fill('0');
  await expect(fieldOf(page, 'run-alphaStep').getByRole('alert')).toHaveText('Step must be greater than 0.');
  await expect(fieldOf(page, 'run-alphaStop').getByRole('alert')).toHaveCount(0);
  expect(await boxes()).toEqual(before);
  await page.getByTestId('reset-setup').click();
  await expect(page.getByTestId('start-run')).toBeEnabled();
});

test('Rename has Cancel, which keeps the name', async ({ page, served }) => {
  await openRun(page, served, 'seeded auto');
  const row = runRow(page, 'seeded auto');
  await row.getByTestId('rename-run').click();
  await page.getByTestId('rename-input').fill('a name not kept');
  await page.getByTestId('rename-cancel').click();
  await expect(page.getByTestId('rename-input')).toHaveCount(0);
  await expect(runRow(page, 'seeded auto')).toBeVisible();
  await expect(page.getByTestId('run-row').filter({ hasText: 'a name not kept' })).toHaveCount(0);
  // Escape cancels too, and the host never heard of the draft.
  await runRow(page, 'seeded auto').getByTestId('rename-run').click();
  await page.getByTestId('rename-input').fill('another draft');
  await page.getByTestId('rename-input').press('Escape');
  await page.reload();
  await expect(runRow(page, 'seeded auto')).toBeVisible();
});

test('a backbone that cannot read the dataset is refused before Run, one that runs adapted is warned about', async ({ page, served, shot }) => {
  await page.goto(served.url);
  await openNewSweep(page);
  await page.getByTestId('reset-setup').click();
  await page.getByTestId('run-dataset').selectOption('cifar10');
  await page.getByTestId('run-dataset-dir').fill('/data/cifar10');
  const backbone = page.getByTestId('field-backbone');
  await expect(backbone.getByRole('alert')).toHaveText(/^mnist-small takes 28×28 grey images; cifar10 has 32×32 colour images, which it cannot read\. Choose resnet20, .*resnet56 for cifar10\.$/);
  await expect(page.getByTestId('start-run')).toBeDisabled();
  await shot('first-run-fit-refused');
  await page.getByTestId('run-backbone').selectOption('resnet20');
  await expect(backbone.getByRole('alert')).toHaveCount(0);
  await page.getByTestId('run-dataset').selectOption('mnist');
  await expect(backbone.getByTestId('field-warning')).toContainText('resnet20 takes 32×32 colour images; mnist has 28×28 grey images');
  await expect(page.getByTestId('start-run')).toBeEnabled();
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot('first-run-fit-warned-dark');
  await page.getByTestId('reset-setup').click();
});
