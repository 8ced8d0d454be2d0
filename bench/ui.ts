/**
 * `npm run bench:ui`: how long the page's main thread is blocked while a sweep streams. Browser mode on a fresh
 * workspace (as the end-to-end tests start it), Debian's Chromium through Playwright, a short MNIST sweep set up and
 * started from the page; prints the longest main-thread long task (Chromium's Long Tasks API: tasks over 50 ms),
 * how many there were and the longest gap between animation frames, from Run until the run's `run:finished` mark,
 * and the scripts behind the longest long animation frame. It asserts nothing: on a shared machine other processes'
 * load decides these figures as much as the app does.
 *
 * Builds nothing: it serves `out/renderer`, which `npm run test:e2e` (or `npx electron-vite build`) leaves there.
 * Options: BENCH_CPU_THROTTLE=N measures on a CPU N times slower (Chromium's DevTools throttling).
 */
import { chromium, selectors } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM } from '../e2e/chromium';
import { serve } from '../e2e/serve-fixture';
import { fillTinyRun } from '../e2e/tiny-run';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(path.join(root, 'out', 'renderer', 'index.html'))) {
  process.stderr.write('bench:ui: no built renderer in out/renderer: run `npx electron-vite build` (or `npm run test:e2e`) first.\n');
  process.exit(2);
}
const THROTTLE = Number(process.env.BENCH_CPU_THROTTLE ?? 1);

/**
 * Runs in the page before its own scripts (as text: this file is type-checked without the DOM's types). Records
 * long tasks, long animation frames with their scripts, and gaps of more than 20 ms between animation frames.
 */
const RECORDER = `(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  window.__longFrames = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.blockingDuration <= 0) continue;
      window.__longFrames.push({
        start: e.startTime,
        duration: e.duration,
        blocking: e.blockingDuration,
        scripts: e.scripts.map((x) => ({
          source: (x.sourceFunctionName || '(anonymous)') + ' ' + (x.sourceURL.split('/').at(-1) ?? '') + ':' + x.sourceCharPosition,
          invoker: x.invoker,
          ms: Math.round(x.duration),
          forcedLayoutMs: Math.round(x.forcedStyleAndLayoutDuration),
        })),
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  window.__frameGaps = [];
  let last = performance.now();
  const tick = (now) => {
    if (now - last > 20) window.__frameGaps.push({ at: now, gap: now - last });
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

interface LongFrame {
  start: number;
  duration: number;
  blocking: number;
  scripts: { source: string; invoker: string; ms: number; forcedLayoutMs: number }[];
}
interface Blocking {
  longest: number;
  count: number;
  longestFrameGap: number;
  longestFrame: LongFrame | null;
}

/** Between two page times (ms): the longest long task, how many, the longest frame gap and the longest long frame. */
const between = (t0: number, t1: number) => `(() => {
  const t0 = ${t0}, t1 = ${t1};
  const tasks = window.__longTasks.filter((x) => x.start >= t0 && x.start < t1);
  const gaps = window.__frameGaps.filter((x) => x.at >= t0 && x.at - x.gap < t1);
  const frames = window.__longFrames.filter((x) => x.start + x.duration >= t0 && x.start < t1).sort((a, b) => b.duration - a.duration);
  return {
    longest: Math.max(0, ...tasks.map((x) => x.duration)),
    count: tasks.length,
    longestFrameGap: Math.max(0, ...gaps.map((x) => x.gap)),
    longestFrame: frames[0] ?? null,
  };
})()`;

const served = await serve();
const browser = await chromium.launch(CHROMIUM);
try {
  selectors.setTestIdAttribute('data-test');
  const page = await browser.newPage();
  await page.addInitScript({ content: RECORDER });
  if (THROTTLE > 1) await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await page.goto(served.url);
  await page.getByTestId('transport').waitFor();

  // The end-to-end tests' small run: 300 samples, a 1-epoch backbone, α 0, 0.5 and 1, gates trained per α.
  const name = 'bench ui';
  await fillTinyRun(page, name);
  await page.locator('[data-test=start-run]:enabled').waitFor();

  const start = await page.evaluate(() => performance.now());
  await page.getByTestId('start-run').click();
  await page.locator('[data-test=run-row][data-status=finished]', { hasText: name }).waitFor({ timeout: 600_000 });
  // The app marks every run state change (stores/runs.ts): streaming is Run → finished.
  const finished = await page.evaluate(() => performance.getEntriesByName('run:finished').at(-1)?.startTime ?? performance.now());
  // Opening the finished run's results follows on its own (the Frontier tab shows them); give it a moment to land in
  // the session's figures.
  await page.getByTestId('tab-frontier').click();
  await page.getByTestId('frontier').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1000);
  const streaming = await page.evaluate<Blocking>(between(start, finished));
  const session = await page.evaluate<Blocking>(between(0, Number.MAX_VALUE));

  const ms = (x: number) => `${x.toFixed(0)} ms`;
  console.log(`bench:ui — MNIST sweep streamed for ${ms(finished - start)}${THROTTLE > 1 ? ` (CPU throttled ×${THROTTLE})` : ''}`);
  console.log(`  while streaming: longest long task ${ms(streaming.longest)}, long tasks ${streaming.count}, longest frame gap ${ms(streaming.longestFrameGap)}`);
  console.log(`  whole session (load, stream, open results): longest long task ${ms(session.longest)}, long tasks ${session.count}, longest frame gap ${ms(session.longestFrameGap)}`);
  const frame = streaming.longestFrame;
  if (frame) {
    console.log(`  longest long animation frame while streaming: ${ms(frame.duration)} (blocking ${ms(frame.blocking)}) at ${ms(frame.start - start)} after Run`);
    for (const s of [...frame.scripts].sort((a, b) => b.ms - a.ms).slice(0, 5)) console.log(`    ${s.ms} ms (forced layout ${s.forcedLayoutMs} ms) ${s.invoker} → ${s.source}`);
  } else console.log('  no long animation frame while streaming');
} finally {
  await browser.close();
  await served.stop();
}
