// End to end: the real page trains the uniform-convergence demo's default sweep in headless
// Chromium on flex, and the figures read back from the DOM meet the science test's bounds.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { assertClaimsAsNative, start, text, trainToEnd, ROOT } from "./harness.mjs";

const SHOTS = process.env.MINIMA_SCREENSHOTS ?? `${ROOT}/tests/e2e/screenshots`;

let browser;
before(async () => {
  browser = await start();
  await mkdir(SHOTS, { recursive: true });
});
after(async () => browser?.close());

async function rows(page) {
  return page.$$eval("[data-testid=measurements] tbody tr", (trs) =>
    trs.map((tr) => {
      const cell = (id) => Number(tr.querySelector(`[data-testid=${id}]`).textContent);
      return {
        m: Number(tr.dataset.m),
        train: cell("train-error"),
        test: cell("test-error"),
        projected: cell("projected-error"),
        hidden: cell("distance-hidden"),
        output: cell("distance-output"),
      };
    }),
  );
}

test("the default sweep: test error falls with m while S′ stays misclassified", async () => {
  const { page } = browser;
  await browser.open("#demo=uniform-convergence&backend=flex");
  assert.match(await text(page, "status"), /^Ready: 4 networks \(m = 256, 512, 1024, 2048\)/);
  await trainToEnd(page, 900_000);
  const r = await rows(page);
  assert.deepEqual(r.map((x) => x.m), [256, 512, 1024, 2048], "one row per m");
  // The card: both claims decided as the command line judges the same run, and both hold.
  // Hundreds of epochs of SGD per m: the errors agree with the native run to about a point (another
  // summation order; see assertClaimsAsNative), and the states exactly.
  const claims = await assertClaimsAsNative(page, "uniform-convergence", {}, { tolerance: { "test-error-falls": 1, default: 0.01 } });
  assert.deepEqual(claims.map((c) => c.state), ["holds", "holds"], JSON.stringify(claims));
  for (let i = 1; i < r.length; i++) {
    assert.ok(r[i].test <= r[i - 1].test + 0.02, `test error rises > 2 points at m = ${r[i].m}`);
    assert.ok(r[i].hidden > r[i - 1].hidden && r[i].output > r[i - 1].output, `distance grows with m: ${JSON.stringify(r)}`);
  }
  assert.ok(r.every((x) => x.train <= 0.01), "training sets fitted");
  // The figures hold the same points: one dot per m on each line.
  assert.equal(await page.locator(".chart circle.dot").count(), 4 * 4, "2 charts × 2 lines × 4 sizes");
  // References are labelled with their source, beside the measured numbers.
  const refs = await page.$$eval("[data-testid=measurements] td.reference", (tds) => tds.map((t) => t.textContent));
  assert.equal(refs.length, 4, "a reference beside each m");
  assert.ok(refs.every((t) => /NumPy reference|our run, bench\//.test(t)), refs.join("\n"));
  // One slice per trained network, redrawn for another training point without retraining.
  const slices = page.locator("[data-testid^=slice-] canvas");
  assert.equal(await slices.count(), 4);
  const digest = await page.getAttribute("[data-testid=slice-0]", "data-digest");
  const status = await text(page, "status");
  await page.fill("[data-testid=slice-point]", "7");
  await page.dispatchEvent("[data-testid=slice-point]", "change");
  await page.waitForSelector("[data-testid=slice-shown][data-point='7']", { timeout: 30_000 });
  assert.notEqual(await page.getAttribute("[data-testid=slice-0]", "data-digest"), digest, "the slice was redrawn");
  assert.equal(await text(page, "status"), status, "nothing retrained");
  await page.click("button:has-text('Another point')");
  await page.waitForSelector("[data-testid=slice-shown][data-point='9']", { timeout: 30_000 });
  await page.screenshot({ path: `${SHOTS}/uniform-convergence-flex.png`, fullPage: true });
  console.log(`uniform-convergence e2e: ${JSON.stringify(r)}; ${status}`);
});

test("no request left the origin and the console has no errors", () => {
  assert.deepEqual(browser.foreignRequests(), []);
  assert.deepEqual(browser.consoleErrors, []);
});
