// End to end: the real page trains the memorisation demo in headless Chromium on flex, and the
// figures read back from the DOM meet the science test's bounds. For time, a reduced sweep: the
// smallest and largest widths (4 and 128), K = 16 networks each, and one width-128 student — the
// bounds that need only those (flipped and clean means, distillation on the increasing examples,
// test accuracy) are the science test's; the trajectory classes need the full width list, which
// the science test (and bench/memorisation-browser.mjs) runs.
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
  return page.$$eval("[data-testid=widths] tbody tr", (trs) =>
    trs.map((tr) => {
      const cell = (id) => {
        const td = tr.querySelector(`[data-testid=${id}]`);
        return td ? Number(td.dataset.value) : null;
      };
      return {
        width: Number(tr.dataset.width),
        flipped: cell("flipped"),
        clean: cell("clean"),
        test: cell("test-accuracy"),
        distilledTest: cell("distilled-test-accuracy"),
      };
    }),
  );
}

test("widths 4 and 128: flipped labels memorised by the large networks, less by their students", async () => {
  const { page } = browser;
  await browser.open("#demo=memorisation&backend=flex&widths=4,128&models=16&student_widths=128");
  assert.match(await text(page, "status"), /^Ready: 3 batches of 16 networks \(widths 4 → 128, then the distilled students\)/);
  await trainToEnd(page, 900_000);
  const r = await rows(page);
  assert.deepEqual(r.map((x) => x.width), [4, 128], "one row per width");
  // The card judges the claims as the command line does for the same settings.
  // 200 epochs of Adam per network: browser and native agree to 0.02 in these means, not to the
  // third decimal (another summation order; see assertClaimsAsNative).
  const claims = await assertClaimsAsNative(page, "memorisation", { widths: [4, 128], models: 16, student_widths: [128] }, { tolerance: 0.02 });
  assert.deepEqual(claims.map((c) => c.state), ["holds", "holds", "holds", "holds"], JSON.stringify(claims));
  // Distillation: the increasing examples, label-trained against distilled, at width 128.
  const inc = await page.$eval("[data-testid=distillation] tr[data-width='128'] [data-testid=distill-increasing]", (td) => ({
    labels: Number(td.dataset.labels),
    distilled: Number(td.dataset.distilled),
  }));
  assert.ok(inc.distilled < inc.labels, `students memorise the increasing examples less: ${JSON.stringify(inc)}`);
  assert.ok(r[1].distilledTest >= r[1].test - 0.01, `test accuracy distilled ${r[1].distilledTest} vs ${r[1].test}`);
  const increasing = Number(await page.getAttribute("[data-testid=trajectory-increasing]", "data-value"));
  assert.ok(increasing > 0, "some examples' memorisation increases with width");
  // The means chart: 4 lines (flipped, clean; label-trained and distilled), a dot per width each;
  // the accuracy chart: 2 lines (label-trained, distilled).
  assert.equal(await page.locator(".chart circle.dot").count(), 2 + 2 + 1 + 1 + (2 + 1));
  // References are labelled with their source, beside the measured numbers.
  const refs = await page.$$eval("[data-testid=widths] td.reference", (tds) => tds.map((t) => t.textContent));
  assert.ok(refs.some((t) => /NumPy reference/.test(t)), refs.join("\n"));
  // An example in focus shows its in/out accuracies.
  const tile = page.locator("[data-testid=example]").first();
  const index = await tile.getAttribute("data-index");
  await tile.focus();
  await page.waitForSelector(`[data-testid=example-detail][data-index='${index}']`, { timeout: 10_000 });
  assert.equal(await page.locator("[data-testid=example-detail] tbody tr").count(), 2, "one row per width");
  await page.screenshot({ path: `${SHOTS}/memorisation-flex.png`, fullPage: true });
  console.log(`memorisation e2e: ${JSON.stringify(r)}; increasing ${JSON.stringify(inc)}; ${await text(page, "status")}`);
});

test("no request left the origin and the console has no errors", () => {
  assert.deepEqual(browser.foreignRequests(), []);
  assert.deepEqual(browser.consoleErrors, []);
});
