// End to end: the real page, built in release mode, trains the disagreement demo in headless
// Chromium and the results are read back from the DOM.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { assertClaimsAsNative, start, text, trainToEnd, registeredDemos, ROOT } from "./harness.mjs";

// One configuration (width 32, n = 100), 4 networks → 6 pairs, measured at epochs 10 and 50:
// 12 points, 650 steps. Natively this gives test error ≈ 0.28 and disagreement/error ≈ 1.1.
const SMALL = "widths=32&train_sizes=100&epochs=10,50&models=4&randomness=alldiff&data_seed=0&init_seed=0";
const SHOTS = process.env.MINIMA_SCREENSHOTS ?? `${ROOT}/tests/e2e/screenshots`;

let browser;
before(async () => {
  browser = await start();
  await mkdir(SHOTS, { recursive: true });
});
after(async () => browser?.close());

async function summary(page) {
  return {
    points: await page.locator("[data-testid=scatter-points] circle").count(),
    testError: Number(await text(page, "mean-test-error")),
    disagreement: Number(await text(page, "mean-disagreement")),
    ratio: Number(await text(page, "ratio")),
    cace: Number(await text(page, "cace")),
    bound: await text(page, "bound"),
  };
}

test("landing page lists the demos, every one built", async () => {
  const { page } = browser;
  await page.goto(`${browser.origin}/index.html`);
  await page.waitForSelector(".demo-card");
  assert.equal(await page.locator(".demo-card").count(), registeredDemos().length, "one card per registered demo");
  assert.ok(await page.locator("a[href='#demo=disagreement']").count());
});

test("disagreement trains to the end on CPU and the numbers are in range", async () => {
  const { page } = browser;
  await browser.open(`#demo=disagreement&backend=flex&${SMALL}`);
  assert.match(await text(page, "status"), /^Ready/);
  await trainToEnd(page);
  // The CPU run loaded the CPU worker's module and never the WebGPU one.
  const modules = browser.requests.filter((u) => u.endsWith("_bg.wasm")).map((u) => u.split("/").pop());
  assert.ok(modules.includes("cpu_bg.wasm"), `modules fetched: ${modules}`);
  assert.ok(!modules.includes("gpu_bg.wasm"), `a CPU run fetched the WebGPU module: ${modules}`);
  const s = await summary(page);
  assert.equal(s.points, 12, "1 configuration × 2 epochs × 6 pairs");
  assert.equal(await text(page, "point-count"), "12 points");
  assert.ok(s.testError >= 0.1 && s.testError <= 0.5, `test error ${s.testError}`);
  assert.ok(s.ratio >= 0.8 && s.ratio <= 1.3, `disagreement/error ${s.ratio}`);
  assert.ok(s.cace > 0 && s.cace < 0.5, `CACE ${s.cace}`);
  assert.match(s.bound, /= \d\.\d{3}, at most CACE = \d\.\d{3}\.$/, s.bound);
  assert.match(await text(page, "status"), /Finished 650 steps on CPU/);
  // The card judges the claims as the command line does for the same settings, and they hold.
  const small = Object.fromEntries(SMALL.split("&").map((kv) => kv.split("=")));
  const settings = { ...small, widths: [32], train_sizes: [100], epochs: [10, 50], models: 4, data_seed: 0, init_seed: 0 };
  const claims = await assertClaimsAsNative(page, "disagreement", settings);
  assert.deepEqual(claims.map((c) => c.state), ["holds", "holds"], JSON.stringify(claims));
  assert.equal(await page.getAttribute("[data-testid=claims]", "data-verdict"), "reproduced");
  // Numbers measured elsewhere are labelled as references, with their source, apart from ours.
  const refRows = await page.$$eval("[data-testid=references] tbody tr", (rows) => rows.map((r) => r.textContent));
  assert.ok(refRows.length >= 4, `references listed: ${refRows.length}`);
  assert.ok(refRows.every((r) => /the paper|NumPy reference, bench\/reference\//.test(r)), refRows.join("\n"));
  assert.match(await page.textContent(".summary thead"), /measured here, in this browser.*reference, measured elsewhere/);
  assert.match(await page.textContent(".summary tbody"), /0\.178–0\.226 \(mean 0\.197\) \(NumPy reference, bench\/reference\/disagreement_numpy\.log/);
  // Hovering a point (hollow ones too) shows its configuration and numbers.
  await page.hover("[data-testid=scatter-points] circle >> nth=0");
  assert.match(await page.textContent(".hover-detail"), /^width 32, n 100, epoch 10, networks 0 & 1: disagreement 0\.\d{3}, test error 0\.\d{3}/);
  await page.screenshot({ path: `${SHOTS}/disagreement-flex.png`, fullPage: true });

  // The URL now holds the full state; opening it again reproduces the run bit for bit.
  const url = page.url();
  assert.match(url, /backend=flex/);
  assert.match(url, /widths=32/);
  await page.goto("about:blank");
  await page.goto(url);
  await page.waitForSelector("[data-testid=train]");
  await trainToEnd(page);
  assert.deepEqual(await summary(page), s);
});

test("pause, step and reset work while training (the page stays responsive)", async () => {
  const { page } = browser;
  await browser.open(`#demo=disagreement&backend=flex&widths=128&train_sizes=200&epochs=2000&models=8&randomness=diffinit`);
  await page.click("[data-testid=train]");
  await page.waitForFunction(() => /Training/.test(document.querySelector("[data-testid=status]").textContent));
  await page.click("[data-testid=pause]");
  await page.waitForFunction(() => /^Paused at step/.test(document.querySelector("[data-testid=status]").textContent));
  const step = async () => Number((await text(page, "status")).match(/step (\d+)/)[1]);
  const paused = await step();
  await page.waitForTimeout(400);
  assert.equal(await step(), paused, "no steps while paused");
  await page.click("[data-testid=step]");
  await page.waitForFunction((n) => new RegExp(`^Paused at step ${n + 1} of`).test(document.querySelector("[data-testid=status]").textContent), paused);
  await page.click("[data-testid=step]");
  await page.waitForFunction((n) => new RegExp(`^Paused at step ${n + 2} of`).test(document.querySelector("[data-testid=status]").textContent), paused);
  await page.click("[data-testid=train]");
  await page.waitForFunction((n) => {
    const m = document.querySelector("[data-testid=status]").textContent.match(/^Training on .*: step (\d+)/);
    return m && Number(m[1]) > n + 2;
  }, paused);
  await page.click("[data-testid=reset]");
  assert.match(await text(page, "status"), /^Ready/);
  assert.equal(await page.locator("[data-testid=scatter-points] circle").count(), 0);
});

test("a bad URL value is named and replaced by its default", async () => {
  const { page } = browser;
  await browser.open("#demo=disagreement&backend=flex&models=99&widths=abc&learning_rate=-1&colour=blue");
  const problems = await text(page, "problems");
  assert.match(problems, /models: 99 is outside 2..=8; using the default 4/);
  assert.match(problems, /widths: 'abc' is not a whole number \(0, 1, 2, …\); using the default 32,128/);
  assert.match(problems, /learning_rate/);
  assert.match(problems, /colour: unknown setting/);
  assert.equal(await page.inputValue("#setting-models"), "4");
  assert.match(page.url(), /models=4/);
});

test("embed=1 hides the site chrome", async () => {
  const { page } = browser;
  await browser.open(`#demo=disagreement&embed=1&backend=flex&${SMALL}`);
  assert.equal(await page.locator("header.site").count(), 0);
  assert.equal(await page.locator("footer.site").count(), 0);
  assert.equal(await page.locator("a.back").count(), 0);
});

test("WebGPU trains the same demo (SwiftShader in headless Chromium)", async () => {
  const { page } = browser;
  // Two SGD steps and one evaluation: SwiftShader runs a few steps per second.
  await browser.open("#demo=disagreement&backend=webgpu&widths=16&train_sizes=16&epochs=1&models=2&randomness=alldiff");
  const option = page.locator("[data-testid=backend] option[value=webgpu]");
  await page.waitForFunction(() => !/checking/.test(document.querySelector("[data-testid=backend] option[value=webgpu]").textContent));
  assert.equal(await option.isDisabled(), false, `WebGPU unavailable: ${await option.textContent()}`);
  await trainToEnd(page, 300_000);
  assert.match(await text(page, "status"), /Finished 2 steps on WebGPU/);
  assert.ok(browser.requests.some((u) => u.endsWith("/gpu_bg.wasm")), "the WebGPU run fetched the WebGPU module");
  assert.equal(await page.locator("[data-testid=scatter-points] circle").count(), 1);
  await page.screenshot({ path: `${SHOTS}/disagreement-webgpu.png`, fullPage: true });
});

test("backend=auto times both backends on the demo and picks the faster (SwiftShader: the CPU)", async () => {
  const { page } = browser;
  // A software adapter is not timed unless asked: the CPU is faster there, and the page says so.
  await browser.open(`#demo=disagreement&${SMALL}`);
  await page.waitForFunction(() => !/checking/.test(document.querySelector("[data-testid=backend] option[value=webgpu]").textContent));
  await page.waitForTimeout(500);
  assert.equal(await page.locator("[data-testid=backend-pick]").count(), 0, "no timing on a software adapter");
  // Asked for: each backend trains a few steps of these settings in its own worker, after a
  // warm-up; the page shows both times and picks the faster.
  await browser.open("#demo=disagreement&backend=auto&widths=16&train_sizes=16&epochs=200&models=2&randomness=alldiff");
  const pick = page.locator("[data-testid=backend-pick]");
  await pick.waitFor({ timeout: 90_000 });
  const said = await pick.textContent();
  const m = said.match(/^Timed here on these settings: the CPU ([\d.]+) ms a step(?:, ([\d.]+) ms with its (\d) workers in parallel)?; WebGPU ([\d.]+) ms\. The CPU is faster: picked; the choice above stays yours\.$/);
  assert.ok(m, said);
  const [cpu, gpu] = [Number(m[1]), Number(m[4])];
  assert.ok(cpu > 0 && gpu > cpu, `SwiftShader is slower than the CPU: ${said}`);
  assert.equal(await pick.getAttribute("data-picked"), "flex");
  assert.equal(await page.inputValue("[data-testid=backend]"), "flex");
  assert.ok(browser.requests.some((u) => u.endsWith("/gpu_bg.wasm")), "the WebGPU module was fetched to time it");
  await trainToEnd(page, 120_000);
  assert.match(await text(page, "status"), /^Finished 400 steps on CPU/);
});

test("no request left the origin and the console has no errors", () => {
  assert.deepEqual(browser.foreignRequests(), []);
  assert.deepEqual(browser.consoleErrors, []);
});
