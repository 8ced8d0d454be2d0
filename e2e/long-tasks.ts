import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __longTasks?: { start: number; duration: number }[];
    __frameGaps?: { at: number; gap: number }[];
    __longFrames?: LongFrame[];
  }
}

/** A long animation frame and the scripts that ran in it: what a long task was doing. */
export interface LongFrame {
  start: number;
  duration: number;
  blocking: number;
  renderMs: number;
  styleAndLayoutMs: number;
  scripts: { source: string; invoker: string; ms: number; forcedLayoutMs: number }[];

}

/** Records every main-thread task over 50 ms (Chromium's Long Tasks API) from the page's first script on. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // Long animation frames name the scripts behind a long task (Chromium 123+).
    window.__longFrames = [];
    interface Script { sourceURL: string; sourceFunctionName: string; sourceCharPosition: number; invoker: string; duration: number; forcedStyleAndLayoutDuration: number }
    interface Frame extends PerformanceEntry { blockingDuration: number; renderStart: number; styleAndLayoutStart: number; scripts: Script[] }
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Frame[]) {
        if (e.blockingDuration <= 0) continue;
        const end = e.startTime + e.duration;
        window.__longFrames!.push({
          start: e.startTime,
          duration: e.duration,
          blocking: e.blockingDuration,
          renderMs: e.renderStart > 0 ? end - e.renderStart : 0,
          styleAndLayoutMs: e.styleAndLayoutStart > 0 ? end - e.styleAndLayoutStart : 0,
          scripts: e.scripts.map((x) => ({
            source: `${x.sourceFunctionName || '(anonymous)'} ${x.sourceURL.split('/').at(-1) ?? ''}:${x.sourceCharPosition}`,
            invoker: x.invoker,
            ms: Math.round(x.duration),
            forcedLayoutMs: Math.round(x.forcedStyleAndLayoutDuration),
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
    // Tasks under 50 ms are not reported as long tasks; the gap between animation frames bounds them from above.
    window.__frameGaps = [];
    let last = performance.now();
    const tick = (now: number) => {
      if (now - last > 20) window.__frameGaps!.push({ at: now, gap: now - last });
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

export interface BlockingReport {
  longest: number;
  count: number;
  longestFrameGap: number;
  tasks: { start: number; duration: number }[];
  longFrames: LongFrame[];
}

/** Between two page times (ms): the longest long task, how many there were, and the longest gap between frames. */
export async function longTasksBetween(page: Page, from: number, to = Infinity): Promise<BlockingReport> {
  return page.evaluate(([t0, t1]) => {
    const tasks = (window.__longTasks ?? []).filter((x) => x.start >= t0 && x.start < t1);
    const gaps = (window.__frameGaps ?? []).filter((x) => x.at >= t0 && x.at - x.gap < t1);
    const frames = (window.__longFrames ?? []).filter((x) => x.start + x.duration >= t0 && x.start < t1);
    return { longest: Math.max(0, ...tasks.map((x) => x.duration)), count: tasks.length, longestFrameGap: Math.max(0, ...gaps.map((x) => x.gap)), tasks, longFrames: frames };
  }, [from, to] as const);
}

/** When the app marked the run's last state change of this kind (`run:finished`, `run:stopped`), in page time. */
export async function markTime(page: Page, name: string): Promise<number> {
  return page.evaluate((n) => performance.getEntriesByName(n).at(-1)?.startTime ?? Infinity, name);
}

export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());
