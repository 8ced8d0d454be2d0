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

/** Since `since` (page time, ms): the longest long task, how many there were, and the longest gap between frames. */
export async function longTasksSince(page: Page, since: number): Promise<{ longest: number; count: number; longestFrameGap: number }> {
  return page.evaluate((t) => {
    const tasks = (window.__longTasks ?? []).filter((x) => x.start >= t);
    const gaps = (window.__frameGaps ?? []).filter((x) => x.at >= t);
    return { longest: Math.max(0, ...tasks.map((x) => x.duration)), count: tasks.length, longestFrameGap: Math.max(0, ...gaps.map((x) => x.gap)) };
  }, since);
}

export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());
