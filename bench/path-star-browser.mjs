// Path-star GPT in the browser (prints numbers, asserts nothing). Needs the built app
// (scripts/build-web.sh), tests/e2e's node_modules and bench/tfjs's (npm ci in each). From the
// repository root:
//   node bench/path-star-browser.mjs [--steps N] [--webgpu-steps N] [--reverse] [--headline]
// Prints steps/s of the reference GPT (2 layers, width 64, 2 heads, batch 128, T 31) trained by
// minima in its Web Worker on flex and on WebGPU, the same model and batch in TensorFlow.js 4.22
// (webgpu, wasm, cpu backends) in the same headless Chromium, and the ratios. With --reverse:
// seconds from pressing Train until reverse mode first measures exact match >= 0.95 (evaluating
// every 50 steps). With --headline: seconds from pressing Train on the default page (all three
// modes, flex) until teacher forcing and reverse have both been evaluated at step 500, and the
// number of workers the page used. In headless Chromium without a GPU, WebGPU is SwiftShader (a
// CPU emulation).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { ROOT, start, text, trainToEnd } from "../tests/e2e/harness.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const steps = arg("--steps", 30);
const webgpuSteps = arg("--webgpu-steps", 3);
const reverse = process.argv.includes("--reverse");
const headline = process.argv.includes("--headline");

const b = await start();
const { page } = b;

// minima: the real page, teacher forcing only, no evaluation but a 10-graph one at the end.
async function minima(backend, n) {
  await page.goto("about:blank");
  await b.open(`#demo=path-star&backend=${backend}&modes=forward&steps=${n}&eval_every=100000&eval_graphs=10&warmup_steps=0`);
  await trainToEnd(page, 590_000);
  const status = await text(page, "status");
  const m = status.match(/Finished (\d+) steps on .* in ([\d.]+) s/);
  const s = { backend, steps: Number(m[1]), seconds: Number(m[2]) };
  s.stepsPerSecond = s.steps / s.seconds;
  return s;
}

// TensorFlow.js: bench/tfjs/gpt.html from a server of that folder alone.
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".map": "application/json" };
const tfjsRoot = join(ROOT, "bench/tfjs");
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^[/\\]+/, "");
  try {
    const body = await readFile(join(tfjsRoot, path));
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const tfjsUrl = `http://127.0.0.1:${server.address().port}/gpt.html`;

async function tfjs(backends, n) {
  await page.goto(tfjsUrl);
  await page.waitForFunction(() => typeof window.runBench === "function");
  return page.evaluate(([bs, n]) => window.runBench(bs, n), [backends, n]);
}

const line = (name, r) =>
  r.error
    ? `${name.padEnd(34)} unavailable: ${r.error}`
    : `${name.padEnd(34)} ${r.stepsPerSecond.toFixed(2).padStart(7)} steps/s (${(1000 / r.stepsPerSecond).toFixed(0)} ms/step; ${r.steps} steps in ${r.seconds.toFixed(1)} s)`;

const results = {};
results["minima flex (worker)"] = await minima("flex", steps);
results["minima WebGPU (worker)"] = await minima("webgpu", webgpuSteps).catch((e) => ({ error: String(e) }));
for (const r of await tfjs(["wasm", "cpu"], steps)) results[`TensorFlow.js 4.22 ${r.backend}`] = r;
for (const r of await tfjs(["webgpu"], webgpuSteps)) results[`TensorFlow.js 4.22 ${r.backend}`] = r;
const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]);
console.log(`path-star GPT, 2 layers, d 64, 2 heads, batch 128, T 31 — headless ${version}`);
for (const [name, r] of Object.entries(results)) console.log(line(name, r));
const flex = results["minima flex (worker)"].stepsPerSecond;
for (const [name, r] of Object.entries(results)) {
  if (!r.error && !name.startsWith("minima flex")) {
    console.log(`ratio minima flex / ${name}: ${(flex / r.stepsPerSecond).toFixed(2)}`);
  }
}

if (reverse) {
  await page.goto("about:blank");
  await b.open("#demo=path-star&backend=flex&modes=reverse&eval_every=50");
  const t0 = Date.now();
  await page.click("[data-testid=train]");
  const hit = await page.waitForFunction(
    () =>
      [...document.querySelectorAll("[data-testid=evaluations] tbody tr")]
        .map((r) => [Number(r.dataset.step), Number(r.dataset.exact)])
        .find(([, e]) => e >= 0.95) ?? null,
    null,
    { timeout: 1_800_000, polling: 500 },
  );
  const [step, exact] = await hit.jsonValue();
  console.log(`reverse mode, flex in the browser: exact match ${exact} at step ${step}, ${((Date.now() - t0) / 1000).toFixed(0)} s after Train (evaluating 1,000 graphs every 50 steps)`);
}

if (headline) {
  await page.goto("about:blank");
  await b.open("#demo=path-star&backend=flex");
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const t0 = Date.now();
  await page.click("[data-testid=train]");
  await page.waitForFunction(
    () => {
      const at500 = (mode) =>
        document.querySelector(`[data-testid=evaluations] tbody tr[data-mode=${mode}][data-step="500"]`);
      return at500("forward") && at500("reverse");
    },
    null,
    { timeout: 1_800_000, polling: 250 },
  );
  const seconds = (Date.now() - t0) / 1000;
  const exact = await page.$$eval("[data-testid=evaluations] tbody tr[data-step='500']", (rows) =>
    rows.map((r) => `${r.dataset.mode} ${r.dataset.exact}`).join(", "),
  );
  const workers = (await b.context.newCDPSession(page).then((cdp) => cdp.send("Target.getTargets"))).targetInfos.filter(
    (t) => t.type === "worker",
  ).length;
  console.log(`headline: default path-star page on flex, Train to teacher forcing and reverse evaluated at step 500: ${seconds.toFixed(1)} s (${workers} workers, navigator.hardwareConcurrency ${cores}; exact match at 500: ${exact})`);
}

server.close();
await b.close();
