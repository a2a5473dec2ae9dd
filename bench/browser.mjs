// Browser benchmark (prints numbers, asserts nothing). Needs the built app (scripts/build-web.sh)
// and tests/e2e's node_modules (npm ci there). Run from the repository root:
//   node bench/browser.mjs [--webgpu-steps N]
// Prints (download sizes: bench/size.mjs): time from navigation to an interactive demo page; training
// steps/s of the digits MLP on flex and WebGPU in a Web Worker; the longest main-thread task
// while training (the page must stay responsive: target < 50 ms).
import { start, text, trainToEnd } from "../tests/e2e/harness.mjs";
import { longTasksSince, watchLongTasks } from "./long-task-watch.mjs";

const webgpuSteps = Number(process.argv[process.argv.indexOf("--webgpu-steps") + 1]) || 20;


const b = await start();
const { page } = b;
await watchLongTasks(page);

const loads = [];
for (let i = 0; i < 3; i++) {
  await page.goto("about:blank");
  await b.open("#demo=disagreement&backend=flex");
  loads.push(await page.evaluate(() => performance.now()));
}
loads.sort((x, y) => x - y);
console.log(`load to interactive (Train button rendered): median ${loads[1].toFixed(0)} ms (${loads.map((l) => l.toFixed(0)).join(", ")})`);

async function rate(backend, hash) {
  await page.goto("about:blank");
  await b.open(`#demo=disagreement&backend=${backend}&${hash}`);
  // Long tasks from page load are reported late: count only those that start after Train.
  await page.waitForTimeout(1000);
  const since = await page.evaluate(() => performance.now());
  await trainToEnd(page, 590_000);
  const status = await text(page, "status");
  const longest = Math.max(0, ...(await longTasksSince(page, since)));
  const m = status.match(/Finished (\d+) steps on (.*) in ([\d.]+) s \(([\d.]+) steps\/s\)/);
  console.log(`${backend.padEnd(6)} ${hash}: ${m ? `${m[4]} steps/s (${m[1]} steps in ${m[3]} s, evaluation included) on ${m[2]}` : status}; longest main-thread task ${longest.toFixed(0)} ms`);
}

await rate("flex", "widths=32&train_sizes=200&epochs=20&models=4");
await rate("flex", "widths=128&train_sizes=200&epochs=20&models=4");
await rate("flex", "widths=32,128&train_sizes=100,200&epochs=50,200&models=4");
const gpuOk = await page.evaluate(async () => Boolean(navigator.gpu && (await navigator.gpu.requestAdapter())));
if (gpuOk) {
  const adapter = await page.evaluate(async () => {
    const a = await navigator.gpu.requestAdapter();
    return [a.info?.vendor, a.info?.architecture, a.info?.description].filter(Boolean).join(" ");
  });
  console.log(`WebGPU adapter: ${adapter}`);
  await rate("webgpu", `widths=32&train_sizes=${webgpuSteps * 8}&epochs=1&models=4`);
} else {
  console.log("WebGPU: no adapter in this browser");
}
await b.close();
