// End to end: the real page trains the ResMem demo in headless Chromium (flex backend) — the
// playground, then the digits sweep — and the results are read from the DOM: a positive gain for
// the small, briefly trained base networks, none once they interpolate, and the k slider redraws
// the ResMem surface without retraining (the step count does not move, the base surface does not
// change, the ResMem surface does).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { assertClaimsAsNative, start, text, trainToEnd, ROOT } from "./harness.mjs";

const SHOTS = process.env.MINIMA_SCREENSHOTS ?? `${ROOT}/tests/e2e/screenshots`;
// The reference widths at 5 epochs (not interpolating) and 100 epochs (interpolating).
const SWEEP = "#demo=resmem&backend=flex&widths=8,32&epochs=5,100";

let browser;
before(async () => {
  browser = await start();
  await mkdir(SHOTS, { recursive: true });
});
after(async () => browser?.close());

/** Rows of the digits table: {job, train, gain}. */
async function rows(page) {
  return page.$$eval("[data-testid=resmem-table] tbody tr", (trs) =>
    trs.map((tr) => ({
      job: tr.dataset.testid,
      train: Number(tr.querySelector("[data-testid^=train-]").textContent),
      gain: Number(tr.querySelector("[data-testid^=gain-]").textContent.split("±")[0]),
    })),
  );
}

const digest = (page, id) => page.getAttribute(`[data-testid=${id}]`, "data-digest");

test("ResMem helps the small base, not the interpolating one; the k slider redraws without retraining", { timeout: 600_000 }, async () => {
  const { page } = browser;
  await browser.open(SWEEP);
  assert.match(await text(page, "status"), /^Ready: the playground, then 4 digits configurations × 3 seeds on CPU/);
  await trainToEnd(page, 480_000);
  const status = await text(page, "status");
  console.log(`# ${status}`);

  const table = await rows(page);
  console.log(`# digits: ${JSON.stringify(table)}`);
  assert.equal(table.length, 4);
  // Jobs: width 8 × (5, 100), width 32 × (5, 100). Natively: +5.8 and +5.7 points at 5 epochs.
  for (const job of [table[0], table[2]]) {
    assert.ok(job.train <= 0.97, `5 epochs should not interpolate: ${JSON.stringify(job)}`);
  }
  const fitted = table[3];
  assert.ok(fitted.train >= 0.999, `width 32 × 100 epochs should interpolate: ${JSON.stringify(fitted)}`);
  // The card: the gain where the base cannot fit, none once it interpolates; as natively, and both hold.
  const claims = await assertClaimsAsNative(page, "resmem", { widths: [8, 32], epochs: [5, 100] });
  assert.deepEqual(claims.map((c) => c.state), ["holds", "holds"], JSON.stringify(claims));

  // The playground: both surfaces drawn; the k slider re-measures without retraining.
  const steps = status.match(/Finished (\d+) steps/)[1];
  const base = await digest(page, "surface-base");
  const before = await digest(page, "surface-resmem");
  const caption = await page.textContent("[data-testid=surface-resmem] figcaption");
  assert.match(caption, /ResMem \(k = 5, σ = 0.05\)/);
  await page.screenshot({ path: `${SHOTS}/resmem-finished.png`, fullPage: true });
  // A surface downloads as SVG with its canvas embedded under the points, and as a PNG at twice
  // its on-screen size.
  const surface = page.locator("[data-testid=surface-base]");
  const [svg] = await Promise.all([page.waitForEvent("download"), surface.locator("[data-testid=download-svg]").click()]);
  const svgText = await readFile(await svg.path(), "utf8");
  assert.match(svgText, /<image [^>]*href="data:image\/png;base64,/);
  assert.ok((svgText.match(/<circle/g) ?? []).length >= 100, "the training points are in the SVG");
  const [png] = await Promise.all([page.waitForEvent("download"), surface.locator("[data-testid=download-png]").click()]);
  const pngBytes = await readFile(await png.path());
  const shown = await surface.locator("svg").boundingBox();
  assert.equal(pngBytes.readUInt32BE(16), Math.round(shown.width * 2), "PNG width: twice the figure's");
  await page.$eval("[data-testid=slider-k]", (input) => {
    input.value = "1";
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await page.waitForFunction(
    () => /k = 1,/.test(document.querySelector("[data-testid=surface-resmem] figcaption")?.textContent ?? ""),
    null,
    { timeout: 60_000, polling: 100 },
  );
  await page.waitForFunction(
    () => document.querySelector("[data-testid=knobs-state]")?.textContent.startsWith("Up to date"),
    null,
    { timeout: 60_000, polling: 100 },
  );
  const after = await digest(page, "surface-resmem");
  assert.notEqual(after, before, "the ResMem surface was redrawn");
  assert.equal(await digest(page, "surface-base"), base, "the base surface is unchanged");
  assert.match(await text(page, "status"), new RegExp(`^Finished ${steps} steps`), "nothing retrained");
  // The digits table was re-measured at k = 1 too.
  await page.waitForFunction(
    () => /k = 1,/.test(document.querySelector("[data-testid=resmem-table] thead")?.textContent ?? ""),
    null,
    { timeout: 60_000, polling: 100 },
  );
  const playground = await page.textContent("[data-testid=surface-resmem] figcaption");
  console.log(`# playground after k = 1: ${playground}`);
  await page.screenshot({ path: `${SHOTS}/resmem-k1.png`, fullPage: true });
  assert.deepEqual(browser.foreignRequests(), []);
  assert.deepEqual(browser.consoleErrors, []);
});
