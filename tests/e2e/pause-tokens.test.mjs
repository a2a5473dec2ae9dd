// End to end: the real page trains the pause-tokens demo at its defaults in headless Chromium on
// flex, in parallel workers, and its accuracies and claims are read from the DOM: the chain of
// thought chases every hop, pauses score what no extra tokens score, and the card judges the claims
// as the science test judged the same settings natively (tests/logs/pause-tokens.json, seed 0).
// The computation graphs are drawn from the settings; bad input is named.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { assertClaimsAsLogged, start, text, trainToEnd, ROOT } from "./harness.mjs";

const SHOTS = process.env.MINIMA_SCREENSHOTS ?? `${ROOT}/tests/e2e/screenshots`;

let browser;
before(async () => {
  browser = await start();
  await mkdir(SHOTS, { recursive: true });
});
after(async () => browser?.close());

const accuracy = async (page, arm) => Number(await page.getAttribute(`[data-testid=accuracy-${arm}]`, "data-value"));

test("the defaults: a chain of thought chases four hops, pauses add nothing, as natively", { timeout: 600_000 }, async () => {
  const { page } = browser;
  await browser.open("#demo=pause-tokens&backend=flex");
  assert.match(await text(page, "status"), /^Ready: 3 arms × \d+ steps on CPU/);
  // The computation graphs: pauses add 8 columns and no rows; a chain of thought 3 columns and depth 2 × 4.
  const graphs = await page.$$eval("[data-testid=computation-graphs] figure", (fs) =>
    fs.map((f) => [f.dataset.arm, Number(f.dataset.columns), Number(f.dataset.depth), f.querySelectorAll("circle").length]),
  );
  assert.deepEqual(graphs.map((g) => g.slice(0, 3)), [["none", 10, 2], ["pause", 18, 2], ["cot", 13, 8]]);
  assert.ok(graphs.every(([, columns, , dots]) => dots >= columns * 3), JSON.stringify(graphs));
  await trainToEnd(page, 480_000);
  console.log(`# ${await text(page, "status")}`);
  const [none, pause, cot] = [await accuracy(page, "none"), await accuracy(page, "pause"), await accuracy(page, "cot")];
  console.log(`# accuracies: none ${none}, pause ${pause}, cot ${cot}`);
  assert.ok(cot >= 0.9, `chain of thought ${cot}`);
  assert.ok(Math.abs(pause - none) <= 0.05, `pauses ${pause} against none ${none}`);
  assert.equal(await page.locator("[data-testid=hops] tbody tr").count(), 4, "one row per hop");
  // wasm simd128 and native AVX2 sum in different orders: a few of 1,000 answers may differ.
  const claims = await assertClaimsAsLogged(page, "pause-tokens", { tolerance: 0.02 });
  assert.deepEqual(claims.map((c) => c.state), ["holds", "holds", "holds"], JSON.stringify(claims));
  await page.screenshot({ path: `${SHOTS}/pause-tokens-finished.png`, fullPage: true });
});

test("bad pause-tokens URL values are named and replaced by defaults", async () => {
  const { page } = browser;
  await browser.open("#demo=pause-tokens&backend=flex&arms=none,think&hops=0&heads=3");
  const problems = await text(page, "problems");
  assert.match(problems, /arms: 'think' is not one of none, pause, cot/);
  assert.match(problems, /hops: 0 is outside 1..=8/);
  assert.match(problems, /heads/);
  assert.match(await text(page, "status"), /^Ready: 3 arms ×/);
});

test("no request left the origin and the console has no errors", () => {
  assert.deepEqual(browser.foreignRequests(), []);
  assert.deepEqual(browser.consoleErrors, []);
});
