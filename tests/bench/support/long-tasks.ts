import type { Page } from '@playwright/test';

type WithLongTasks = { __longTasks: number[] };

/** Starts recording the page's long tasks (main-thread work of 50 ms or more) from now on. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const tasks: number[] = [];
    (window as unknown as WithLongTasks).__longTasks = tasks;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push(entry.duration))).observe({ type: 'longtask', buffered: false });
  });
}

/** The durations (ms) of the long tasks recorded since watchLongTasks or the last call, which are then forgotten. */
export async function takeLongTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as WithLongTasks).__longTasks.splice(0));
}
