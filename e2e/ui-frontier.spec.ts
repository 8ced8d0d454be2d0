import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, openRun, openTab, test } from './ui-fixture';

/**
 * A frontier that tells the truth, on the real seeded runs: each policy drawn as its staircase envelope (checked
 * against one worked out here from the run's own CSV export), a colour per policy, the best-policy strip under the x
 * axis, the ±1 SE band, and the budget table's drop reference.
 */

interface CsvPoint {
  policy: string;
  split: string;
  accuracy: number;
  cost: number;
  curve: string;
  envelope: string;
}

/** The run's points as the app exports them (`frontier.csv`): what the chart must agree with. */
async function exportedPoints(page: Page): Promise<CsvPoint[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-frontier-csv').click()]);
  const [header, ...lines] = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  const cols = header.split(',');
  const at = (cells: string[], name: string) => cells[cols.indexOf(name)];
  return lines.map((line) => {
    const c = line.split(',');
    return { policy: at(c, 'policy'), split: at(c, 'split'), accuracy: Number(at(c, 'accuracy')), cost: Number(at(c, 'cost')), curve: at(c, 'curve'), envelope: at(c, 'envelope') };
  });
}

/**
 * Worked out here, apart from the app's code: per policy, the test points chosen on validation (envelope = 1; where no
 * point is marked, a learned policy's α points, any other policy's every point), then "best accuracy at cost ≤ c" as
 * staircase vertices, the last step running on to the costliest test point.
 */
function expectedEnvelopes(points: CsvPoint[]): Record<string, [number, number][]> {
  const test = points.filter((p) => p.split === 'test');
  const edge = Math.max(...test.map((p) => p.cost));
  const out: Record<string, [number, number][]> = {};
  for (const policy of ['leenet', 'max-softmax', 'entropy', 'patience', 'fixed']) {
    const own = test.filter((p) => p.policy === policy);
    if (!own.length) continue;
    const marked = own.some((p) => p.envelope !== '');
    const chosen = marked ? own.filter((p) => p.envelope === '1') : policy === 'leenet' ? own.filter((p) => p.curve !== '1') : own;
    const corners: CsvPoint[] = [];
    for (const p of [...chosen].sort((a, b) => a.cost - b.cost || b.accuracy - a.accuracy)) if (!corners.length || p.accuracy > corners.at(-1)!.accuracy) corners.push(p);
    out[policy] = corners.flatMap((p, i): [number, number][] => {
      const nextCost = corners[i + 1]?.cost ?? (edge > p.cost ? edge : null);
      return nextCost === null ? [[p.cost, 100 * p.accuracy]] : [[p.cost, 100 * p.accuracy], [nextCost, 100 * p.accuracy]];
    });
  }
  return out;
}

/** The envelope's accuracy at a budget (null: no point that cheap), from the vertices worked out above. */
function levelAt(vertices: [number, number][], cost: number): number | null {
  let level: number | null = null;
  // The CSV's six significant digits may round a corner's cost up past the exact budget the page names.
  for (const [x, y] of vertices) if (x <= cost * (1 + 1e-5)) level = y;
  return level;
}

for (const name of ['seeded leenet', 'seeded auto']) {
  test(`the frontier of "${name}": staircase envelopes, one colour per policy, the best-policy strip, drop reference`, async ({ page, served, shot }) => {
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    const slug = name.replace(' ', '-');
    await page.emulateMedia({ colorScheme: 'light' });
    await openRun(page, served, name);
    await openTab(page, 'frontier');
    const chart = page.getByTestId('frontier-chart');
    await expect(page.getByTestId('frontier-title')).toHaveText(`Frontier · ${name}`);
    await expect(chart).toHaveAttribute('data-envelopes', /"leenet"/);
    const centre = () => chart.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await expect(chart).toHaveAttribute('data-axis', 'cost');

    await test.step('the drawn envelope equals the one worked out from the run’s exported points', async () => {
      const expected = expectedEnvelopes(await exportedPoints(page));
      const drawn = JSON.parse((await chart.getAttribute('data-envelopes'))!) as Record<string, [number, number][]>;
      expect(Object.keys(drawn).sort()).toEqual(Object.keys(expected).sort());
      for (const [policy, vertices] of Object.entries(expected)) {
        expect(drawn[policy], policy).toHaveLength(vertices.length);
        // The CSV keeps six significant digits; the chart draws the run's full numbers.
        drawn[policy].forEach(([x, y], i) => {
          expect(x, `${policy} vertex ${i} x`).toBeCloseTo(vertices[i][0], 4);
          expect(y, `${policy} vertex ${i} y`).toBeCloseTo(vertices[i][1], 3);
        });
      }
    });

    await test.step('no two policies share a colour: the chart’s datasets, the strip’s legend, the table’s swatches', async () => {
      const colours = JSON.parse((await chart.getAttribute('data-policy-colours'))!) as Record<string, string>;
      expect(Object.keys(colours).length).toBeGreaterThanOrEqual(5);
      expect(new Set(Object.values(colours)).size).toBe(Object.keys(colours).length);
      const swatches = page.getByTestId('budget-table').getByTestId('policy-swatch');
      const painted = await swatches.evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor));
      expect(painted.length).toBeGreaterThanOrEqual(4);
      expect(new Set(painted).size).toBe(painted.length);
      const stripSwatches = await page.getByTestId('strip-swatch').evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor));
      expect(new Set(stripSwatches).size).toBe(stripSwatches.length);
    });

    await test.step('the strip: one segment per budget interval, each the policy whose envelope is highest there, drawn in its colour', async () => {
      const expected = expectedEnvelopes(await exportedPoints(page));
      const segments = page.getByTestId('strip-segment');
      await expect(segments.first()).toBeAttached();
      const strip = await segments.evaluateAll((els) =>
        els.map((el) => {
          const d = (el as HTMLElement).dataset;
          const r = el.getBoundingClientRect();
          return { policy: d.policy!, from: d.from!, to: d.to!, colour: d.colour!, withinNoise: d.withinNoise!, box: { x: r.x, y: r.y, width: r.width, height: r.height } };
        }),
      );
      expect(strip.length).toBeGreaterThan(1);
      strip.forEach((s, i) => {
        const from = Number(s.from);
        if (i > 0) expect(from, 'segments meet').toBe(Number(strip[i - 1].to));
        const levels = Object.entries(expected).map(([policy, v]) => [policy, levelAt(v, from)] as const);
        const top = Math.max(...levels.map(([, y]) => y ?? -1));
        const mine = levels.find(([policy]) => policy === s.policy)?.[1];
        expect(mine, `segment ${i} (${s.policy} from ${from}) is the highest envelope there`).toBeCloseTo(top, 6);
      });
      // The canvas really paints each clearly won, wide enough segment in its policy's colour.
      const samples = await page.evaluate((boxes) => {
        const canvas = document.querySelector('[data-test=frontier-chart] canvas') as HTMLCanvasElement;
        const r = canvas.getBoundingClientRect();
        const ctx = canvas.getContext('2d')!;
        const scale = canvas.width / r.width;
        return boxes.map((b) => {
          const [red, green, blue] = ctx.getImageData(Math.round((b.x + b.width / 2 - r.left) * scale), Math.round((b.y + b.height / 2 - r.top) * scale), 1, 1).data;
          return `#${[red, green, blue].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
        });
      }, strip.map((s) => s.box));
      const checked = strip.flatMap((s, i) => (s.withinNoise === 'false' && s.box.width >= 4 ? [[samples[i], s.colour]] : []));
      expect(checked.length).toBeGreaterThan(0);
      for (const [sample, colour] of checked) expect(sample).toBe(colour);
      await expect(page.getByTestId('strip-legend')).toContainText('best policy at each budget');
    });

    await test.step('±1 SE band from the test-set size, and its toggle', async () => {
      await expect(page.getByTestId('band-note')).toContainText('on 1,000 test images');
      await expect(chart).toHaveAttribute('data-band', 'true');
      await centre();
      await shot(`frontier-${slug}-light`);
      await page.getByTestId('frontier-se-band').uncheck();
      await expect(chart).toHaveAttribute('data-band', 'false');
      await page.getByTestId('frontier-se-band').check();
      await expect(chart).toHaveAttribute('data-band', 'true');
    });

    await test.step('the drop reference: printed, selectable, and the speedup columns follow it', async () => {
      const table = page.getByTestId('budget-table');
      const header = page.getByTestId('budget-header');
      await expect(table).toHaveAttribute('data-reference', 'backbone');
      await expect(page.getByTestId('budget-caption')).toContainText("drop vs the backbone's own classifier (final)");
      await expect(page.getByTestId('dial-reference')).toContainText("Drop against the backbone's own classifier (final)");
      const before = await header.innerText();
      await page.getByTestId('drop-reference').selectOption('best-exit');
      await expect(table).toHaveAttribute('data-reference', 'best-exit');
      await expect(header).not.toHaveText(before);
      await expect(header).toContainText('(best exit)');
      await expect(page.getByTestId('budget-caption')).toContainText('drop vs the best exit (');
      await expect(header.locator('th[data-recomputed=true]')).toHaveCount(2);
      await expect(page.getByTestId('budget-footnote').first()).toContainText('Recomputed here');
      // The budget dial's drops follow the same reference.
      await expect(page.getByTestId('dial-reference')).toContainText('Drop against the best exit (');
      await page.getByTestId('budget-table').scrollIntoViewIfNeeded();
      await shot(`frontier-${slug}-table`);
    });

    await test.step('dark theme', async () => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
      await centre();
      await shot(`frontier-${slug}-dark`);
      await page.getByTestId('frontier-axis').selectOption('speedup');
      await expect(chart).toHaveAttribute('data-axis', 'speedup');
      await shot(`frontier-${slug}-dark-speedup`);
    });

    expect(problems).toEqual([]);
  });
}
