// Browser benchmark (prints numbers, asserts nothing): does the page stay responsive while a demo
// trains at its defaults on flex? The demos whose runs resume store a checkpoint every 10 s of
// training (src/app/checkpoints.rs: the worker posts it, the page writes it to the origin-private
// file system as it came, reading only its step), which is work on the main thread; SAM, which
// keeps none, is the control. Prints, per demo, the longest main-thread task after Train and how many passed 50 ms
// (PerformanceObserver `longtask`), and the size of the checkpoint files the page kept. Needs the
// built app (scripts/build-web.sh) and tests/e2e's node_modules. From the repository root:
//   node bench/long-tasks.mjs [demo …]
import { cpus } from "node:os";
import { start, text, trainToEnd } from "../tests/e2e/harness.mjs";
import { longTasksSince, watchLongTasks } from "./long-task-watch.mjs";

const demos = process.argv.slice(2).length ? process.argv.slice(2) : ["path-star", "down-scaling", "pause-tokens", "sam"];
const b = await start();
const { page } = b;
await watchLongTasks(page);

// The files in the page's checkpoint folder whose names start with `demo`, and their bytes.
const kept = (demo) => page.evaluate(async (demo) => {
  const root = await navigator.storage.getDirectory();
  let folder;
  try {
    folder = await root.getDirectoryHandle("minima-checkpoints");
  } catch {
    return { files: 0, bytes: 0 };
  }
  let files = 0;
  let bytes = 0;
  for await (const [name, handle] of folder.entries()) {
    if (!name.startsWith(`${demo}.`)) continue;
    files += 1;
    bytes += (await handle.getFile()).size;
  }
  return { files, bytes };
}, demo);

console.log(`${cpus().length} cores (${cpus()[0].model.trim()}), flex in headless Chromium, each demo at its defaults`);
for (const demo of demos) {
  await page.goto("about:blank");
  await b.open(`#demo=${demo}&backend=flex`);
  // Long tasks from the page's load are reported late: count only those that start after Train.
  await page.waitForTimeout(1000);
  const since = await page.evaluate(() => performance.now());
  let largest = { files: 0, bytes: 0 };
  const watch = setInterval(async () => {
    const now = await kept(demo).catch(() => largest);
    if (now.bytes > largest.bytes) largest = now;
  }, 2000);
  await trainToEnd(page, 590_000);
  clearInterval(watch);
  const tasks = await longTasksSince(page, since);
  const longest = Math.max(0, ...tasks);
  const status = (await text(page, "status")).replace(/\s+/g, " ");
  console.log(
    `${demo}: longest main-thread task ${longest.toFixed(0)} ms, ${tasks.filter((d) => d > 50).length} over 50 ms; ` +
      `checkpoint files kept during the run: ${largest.files} (${(largest.bytes / 1e6).toFixed(2)} MB at most); ${status}`,
  );
}
await b.close();
