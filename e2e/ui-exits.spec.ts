import type { Locator, Page } from '@playwright/test';
import { expect, openRun, openTab, test } from './ui-fixture';

/** The number in the grid's "… · N images". */
async function total(browser: Locator): Promise<number> {
  return Number(/(\d+) images?/.exec((await browser.getByTestId('eb-total').textContent()) ?? '')?.[1] ?? NaN);
}

/** Waits for the latest requests of the grid and the heatmap to land. */
async function settled(browser: Locator): Promise<void> {
  await expect(browser.getByTestId('eb-grid')).toHaveAttribute('aria-busy', 'false');
  await expect(browser.getByTestId('eb-heatmap')).toHaveAttribute('aria-busy', 'false');
}

/** Every tile's value of one data attribute. */
function tileValues(browser: Locator, attribute: string): Promise<(string | null)[]> {
  return browser.getByTestId('eb-tile').evaluateAll((tiles, a) => tiles.map((t) => t.getAttribute(a)), attribute);
}

/** The theme follows the OS by default: switch the OS's, which works with the modal dialog open too. */
async function useTheme(page: Page, mode: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: mode });
  await expect(page.locator('html')).toHaveAttribute('data-theme', mode);
}

/** Brings the exit browser's top to the top of the window, for the screenshot. */
async function scrollTo(browser: Locator): Promise<void> {
  await browser.evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

test('exits: sort, heatmap, confusion pairs, versus max-softmax, and the detail dialog walking the list', async ({ page, served, shot }) => {
  await openRun(page, served, 'seeded leenet');
  await openTab(page, 'exits');
  const browser = page.getByTestId('exit-browser');
  await expect(browser.getByTestId('eb-tile').first()).toBeVisible();
  const exits = (await browser.getByTestId('eb-exit').locator('option').count()) - 1; // less "any"
  const cells = browser.getByTestId('eb-heat-cell');

  await test.step('pick the α that sends the most images out early', async () => {
    const alphas = await browser.getByTestId('eb-alpha').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    let best = { value: alphas[0], early: -1 };
    for (const value of alphas) {
      await browser.getByTestId('eb-alpha').selectOption(value);
      await settled(browser);
      await expect(cells.first()).toBeVisible();
      const early = await cells.evaluateAll((cs, last) => cs.filter((c) => Number(c.getAttribute('data-exit')) < last).reduce((a, c) => a + Number(c.getAttribute('data-n')), 0), exits - 1);
      if (early > best.early) best = { value, early };
    }
    await browser.getByTestId('eb-alpha').selectOption(best.value);
    expect(best.early).toBeGreaterThan(0);
    // The heatmap counts every test image once.
    await expect.poll(async () => (await cells.evaluateAll((cs) => cs.reduce((a, c) => a + Number(c.getAttribute('data-n')), 0))) === (await total(browser))).toBe(true);
    await useTheme(page, 'light');
    await scrollTo(browser);
    await shot('exits-overview-light');
  });

  await test.step('sort confidently wrong: a wrong answer comes first', async () => {
    await browser.getByTestId('eb-sort').selectOption('confidently-wrong');
    await settled(browser);
    await expect(browser.getByTestId('eb-tile').first()).toHaveAttribute('data-correct', 'false');
    // Wrong answers form one run at the start: nothing right before the last wrong tile on the page.
    const correct = await tileValues(browser, 'data-correct');
    expect(correct.slice(0, correct.lastIndexOf('false') + 1)).not.toContain('true');
  });

  await test.step('a heatmap cell filters the grid to its exit and class', async () => {
    // The early cell with the most mistakes (an interesting one), else the fullest early cell.
    const pick = await cells.evaluateAll((cs, last) => {
      const early = cs.filter((c) => Number(c.getAttribute('data-exit')) < last);
      const wrong = (c: Element) => Number(c.getAttribute('data-n')) - Number(c.getAttribute('data-correct'));
      early.sort((a, b) => wrong(b) - wrong(a) || Number(b.getAttribute('data-n')) - Number(a.getAttribute('data-n')));
      const c = early[0];
      return { exit: c.getAttribute('data-exit')!, label: c.getAttribute('data-label')!, n: Number(c.getAttribute('data-n')) };
    }, exits - 1);
    const cell = browser.locator(`[data-test=eb-heat-cell][data-exit="${pick.exit}"][data-label="${pick.label}"]`);
    await cell.click();
    await settled(browser);
    await expect.poll(() => total(browser)).toBe(pick.n);
    await expect(cell).toHaveClass(/\bon\b/);
    expect(new Set(await tileValues(browser, 'data-exit'))).toEqual(new Set([pick.exit]));
    expect(new Set(await tileValues(browser, 'data-label'))).toEqual(new Set([pick.label]));
    const className = (await browser.getByTestId('eb-class').locator(`option[value="${pick.label}"]`).textContent())!.trim();
    for (const text of await browser.getByTestId('eb-tile-true').allTextContents()) expect(text).toBe(`true: ${className}`);
    await expect(browser.getByTestId('eb-filtered')).toContainText(`true ${className}`);
    await shot('exits-cell-light');
  });

  await test.step('a confusion pair filters the grid to that exit, true class and prediction', async () => {
    const pair = browser.getByTestId('eb-confusion').first();
    await expect(pair).toBeVisible();
    const [exit, label, predicted] = await Promise.all(['data-exit', 'data-label', 'data-predicted'].map((a) => pair.getAttribute(a)));
    const count = Number(/×(\d+)/.exec((await pair.textContent()) ?? '')?.[1]);
    await pair.click();
    await settled(browser);
    await expect.poll(() => total(browser)).toBe(count);
    expect(new Set(await tileValues(browser, 'data-exit'))).toEqual(new Set([exit]));
    expect(new Set(await tileValues(browser, 'data-label'))).toEqual(new Set([label]));
    expect(new Set(await tileValues(browser, 'data-predicted'))).toEqual(new Set([predicted]));
    expect(new Set(await tileValues(browser, 'data-correct'))).toEqual(new Set(['false']));
  });

  await test.step('versus max-softmax at the same compute: learned wrong, then learned right', async () => {
    await browser.getByTestId('eb-clear').click();
    await expect(browser.getByTestId('eb-filtered')).toContainText('every test image');
    await settled(browser);
    await expect(browser.getByTestId('eb-versus-note')).toContainText(/max-softmax at threshold \d\.\d\d/);
    const all = await total(browser);
    await browser.getByTestId('eb-versus').selectOption('learned-wrong');
    await expect(browser.getByTestId('eb-filtered')).toContainText('learned wrong, max-softmax right');
    await settled(browser);
    expect(await total(browser)).toBeLessThan(all);
    const learnedWrong = await total(browser);
    if (learnedWrong > 0) expect(new Set(await tileValues(browser, 'data-correct'))).toEqual(new Set(['false']));
    await browser.getByTestId('eb-versus').selectOption('learned-right');
    await expect(browser.getByTestId('eb-filtered')).toContainText('learned right, max-softmax wrong');
    await settled(browser);
    const learnedRight = await total(browser);
    if (learnedRight > 0) expect(new Set(await tileValues(browser, 'data-correct'))).toEqual(new Set(['true']));
    // The two directions cannot both be empty on a real run unless the policies agree everywhere; one must show tiles.
    expect(learnedWrong + learnedRight).toBeGreaterThan(0);
    await browser.getByTestId('eb-versus').selectOption('any');
    await settled(browser);
    expect(await total(browser)).toBe(all);
  });

  await test.step('the detail dialog: one row per exit, gate scores at early exits, prev/next through the list', async () => {
    const dialog = page.getByTestId('eb-dialog');
    const tiles = browser.getByTestId('eb-tile');
    const sampleOf = async (tile: Locator) => (await tile.getAttribute('title'))!.replace('test sample ', 'Test sample ');
    await tiles.first().click();
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(await sampleOf(tiles.first()));
    const rows = dialog.getByTestId('eb-dialog-exit');
    await expect(rows).toHaveCount(exits);
    const gates = await dialog.getByTestId('eb-dialog-gate').allTextContents();
    expect(gates.slice(0, -1).every((g) => /^\d\.\d\d$/.test(g.trim()))).toBe(true);
    expect(gates[gates.length - 1].trim()).toBe('—');
    await expect(dialog.locator('[data-test=eb-dialog-exit][data-taken=true]')).toHaveCount(1);
    // The dialog names classes as the tile does.
    const truth = (await tiles.first().getByTestId('eb-tile-true').textContent())!.replace('true: ', '');
    await expect(dialog).toContainText(`true class ${truth}`);
    await expect(dialog.getByTestId('eb-dialog-prev')).toBeDisabled();
    await shot('exits-dialog-light');
    await dialog.getByTestId('eb-dialog-next').click();
    await expect(dialog).toContainText(await sampleOf(tiles.nth(1)));
    await expect(dialog.getByTestId('eb-dialog-position')).toContainText(/^2 of \d+/);
    await page.keyboard.press('ArrowLeft');
    await expect(dialog).toContainText(await sampleOf(tiles.first()));
    await page.keyboard.press('ArrowRight');
    await expect(dialog).toContainText(await sampleOf(tiles.nth(1)));
    await useTheme(page, 'dark');
    await shot('exits-dialog-dark');
    await dialog.getByTestId('eb-dialog-close').click();
    await expect(dialog).toBeHidden();
  });

  await test.step('next from the last tile of a page opens the first of the next page', async () => {
    const dialog = page.getByTestId('eb-dialog');
    const tiles = browser.getByTestId('eb-tile');
    expect(await total(browser)).toBeGreaterThan(24);
    await tiles.nth(23).click();
    await expect(dialog.getByTestId('eb-dialog-position')).toContainText(/^24 of/);
    await dialog.getByTestId('eb-dialog-next').click();
    await expect(dialog.getByTestId('eb-dialog-position')).toContainText(/^25 of/);
    await expect(browser.getByTestId('eb-total')).toContainText(/^page 2 of/);
    await settled(browser);
    await expect(dialog).toContainText((await tiles.first().getAttribute('title'))!.replace('test sample ', 'Test sample '));
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await scrollTo(browser);
    await shot('exits-overview-dark');
  });
});
