// Soak benchmark (issue 16): a long run and many restarts in headless Chromium on flex, printing
// memory at intervals; asserts nothing. Growth over 10 % between the first and the last reading
// of a phase is a leak to fix.
//   1. --cycles (default 200) Train/Reset cycles of every demo, memory every 50 cycles;
//   2. path-star trained for --minutes (default 30), memory every minute.
// Memory: the page's JS heap after a garbage collection (DevTools Performance.getMetrics), the
// page's live workers, and the resident memory of every Chromium process of this browser (from
// /proc). Needs the built app (scripts/build-web.sh) and tests/e2e's node_modules. From the
// repository root:
//   node bench/soak.mjs [--minutes 30] [--cycles 200] | tee bench/results-soak-DATE.log
import { readFileSync, readdirSync } from "node:fs";
import { registeredDemos, start } from "../tests/e2e/harness.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MINUTES = arg("minutes", 30);
const CYCLES = arg("cycles", 200);
// The cycle whose memory is the baseline (the first ones warm caches up).
const FIRST = Math.min(10, CYCLES);

const b = await start();
const { page } = b;
const cdp = await page.context().newCDPSession(page);
await cdp.send("Performance.enable");

// Every process descended from the browser whose command line names this run's profile.
function browserRss() {
  const procs = new Map();
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      procs.set(Number(pid), { ppid, cmd, rss });
    } catch {} // a process that ended meanwhile
  }
  const roots = [...procs].filter(([, p]) => p.cmd.includes("minima-e2e-") && p.cmd.includes("--user-data-dir")).map(([pid]) => pid);
  const mine = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of procs) if (!mine.has(pid) && mine.has(p.ppid)) (mine.add(pid), (grew = true));
  }
  let kb = 0;
  for (const pid of mine) kb += procs.get(pid).rss;
  return { mb: kb / 1024, processes: mine.size };
}

async function memory() {
  // Garbage first, so that the heap reads what is still held rather than when GC last ran.
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? NaN;
  const rss = browserRss();
  return { heap: heap / 2 ** 20, workers: page.workers().length, rss: rss.mb, processes: rss.processes };
}

const line = (m) =>
  `JS heap ${m.heap.toFixed(1)} MB · ${m.workers} workers · browser RSS ${m.rss.toFixed(0)} MB in ${m.processes} processes`;
const status = async () => ((await page.textContent("[data-testid=status]")) ?? "").trim();
const growth = (a, b) => `${(((b - a) / a) * 100).toFixed(1)} %`;

// Train, answering the long-run question with "go on" (a soak means to run long).
async function train() {
  await page.click("[data-testid=train]");
  await page.waitForFunction(
    () => /^(Starting|Training|Finished)/.test(document.querySelector("[data-testid=status]")?.textContent ?? "") || document.querySelector("[data-testid=long-run]"),
    null,
    { timeout: 60_000, polling: 100 },
  );
  if (await page.$("[data-testid=long-run]")) await page.click("[data-testid=long-run-go]");
}

const cores = await page.evaluate(() => navigator.hardwareConcurrency);
console.log(`soak: headless Chromium, flex, ${cores} cores; ${CYCLES} Train/Reset cycles of each demo, then path-star for ${MINUTES} min`);

// 1. Train/Reset cycles of every demo.
for (const entry of registeredDemos()) {
  const id = entry.split("::")[0].replaceAll("_", "-");
  await b.open(`#demo=${id}&backend=flex`);
  let first = null;
  for (let c = 1; c <= CYCLES; c++) {
    await train();
    await page.waitForTimeout(200);
    await page.click("[data-testid=reset]");
    await page.waitForFunction(() => /^Ready/.test(document.querySelector("[data-testid=status]")?.textContent ?? ""), null, { timeout: 60_000 });
    if (c === FIRST || c % 50 === 0) {
      await page.waitForTimeout(1000); // let terminated workers go
      const m = await memory();
      if (c === FIRST) first = m;
      console.log(`${id}, cycle ${c}: ${line(m)}`);
    }
  }
  const last = await memory();
  console.log(`${id}: growth from cycle ${FIRST} to ${CYCLES}: JS heap ${growth(first.heap, last.heap)}, browser RSS ${growth(first.rss, last.rss)}, workers left ${last.workers}`);
}
// 2. A long path-star run (steps enough to outlast the soak).
await b.open("#demo=path-star&backend=flex&steps=100000");
const before = await memory();
console.log(`path-star, before training: ${line(before)}`);
await train();
const t0 = Date.now();
const readings = [];
while (Date.now() - t0 < MINUTES * 60_000) {
  await new Promise((r) => setTimeout(r, Math.min(60_000, MINUTES * 60_000)));
  // The long-run question may come once, after the first seconds.
  if (await page.$("[data-testid=long-run]")) await page.click("[data-testid=long-run-go]");
  const m = await memory();
  readings.push(m);
  console.log(`path-star, ${((Date.now() - t0) / 60_000).toFixed(1)} min: ${await status()} ${line(m)}`);
}
if (readings.length > 1) {
  const [first, last] = [readings[0], readings.at(-1)];
  console.log(`path-star growth from the first minute to the last: JS heap ${growth(first.heap, last.heap)}, browser RSS ${growth(first.rss, last.rss)}`);
}
await page.click("[data-testid=reset]");

await b.close();
