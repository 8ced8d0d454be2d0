import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __longTasks?: { start: number; duration: number }[];
    __frameGaps?: { at: number; gap: number }[];
  }
}

/** Records every main-thread task over 50 ms (Chromium's Long Tasks API) from the page's first script on. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
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
}

/** Between two page times (ms): the longest long task, how many there were, and the longest gap between frames. */
export async function longTasksBetween(page: Page, from: number, to = Infinity): Promise<BlockingReport> {
  return page.evaluate(([t0, t1]) => {
    const tasks = (window.__longTasks ?? []).filter((x) => x.start >= t0 && x.start < t1);
    const gaps = (window.__frameGaps ?? []).filter((x) => x.at >= t0 && x.at - x.gap < t1);
    return { longest: Math.max(0, ...tasks.map((x) => x.duration)), count: tasks.length, longestFrameGap: Math.max(0, ...gaps.map((x) => x.gap)) };
  }, [from, to] as const);
}

/** When the app marked the run's last state change of this kind (`run:finished`, `run:stopped`), in page time. */
export async function markTime(page: Page, name: string): Promise<number> {
  return page.evaluate((n) => performance.getEntriesByName(n).at(-1)?.startTime ?? Infinity, name);
}

export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());
