// The page's long main-thread tasks (PerformanceObserver `longtask`, over 50 ms), for the browser
// benchmarks: watchLongTasks before the first navigation, then longTasksSince(page, t) for the
// durations (ms) of those that started at or after the page's clock read t.
export async function watchLongTasks(page) {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  });
}

export function longTasksSince(page, since) {
  return page.evaluate((t) => window.__longTasks.filter(([start]) => start >= t).map(([, d]) => d), since);
}
