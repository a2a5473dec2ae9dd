// End to end: the real page trains the local-explainability zoo at its defaults in headless
// Chromium on flex; the claims card, the live correlation and the figures are read from the DOM
// and compared with the science test's native run of the same settings (its log).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { assertClaimsAsLogged, goOnWhenAsked, start, text, trainToEnd, ROOT } from "./harness.mjs";

const SHOTS = process.env.MINIMA_SCREENSHOTS ?? `${ROOT}/tests/e2e/screenshots`;
const LOG = JSON.parse(readFileSync(`${ROOT}/tests/logs/local-explainability.json`, "utf8"));

let browser;
before(async () => {
  browser = await start();
  await mkdir(SHOTS, { recursive: true });
});
after(async () => browser?.close());

test("the default zoo reproduces the science test's claims on the page", { timeout: 600_000 }, async () => {
  const { page } = browser;
  await browser.open("#demo=local-explainability&backend=flex");
  assert.match(await text(page, "status"), /^Ready: a zoo of 36 models/);
  const asked = await goOnWhenAsked(page);
  await trainToEnd(page, 540_000);
  console.log(`# long-run question asked ${await asked()} times`);
  // Every model of the zoo is a point, filled (3,000 steps) or hollow (200), its marker its width:
  // circles for 16, squares for 64.
  assert.equal(await page.locator("[data-testid=scatter-points] .dot").count(), 36);
  assert.equal(await page.locator("[data-testid=scatter-points] circle").count(), 18);
  // The live correlation is the native one: the browser's kernels sum in another order, and
  // 3,000 Adam steps carry that into the third decimal of a rank correlation at most.
  const shown = await text(page, "correlation");
  const rho = Number(shown.match(/: (-?\d\.\d{3}) over 36 models/)?.[1]);
  assert.ok(Math.abs(rho - LOG.spearman) <= 0.03, `the page shows "${shown}", the log ${LOG.spearman}`);
  const tolerance = {
    "mnf-predicts-gap": 0.03,
    "penalty-cuts-gap": 0.03,
    "penalty-cuts-mnf": 5,
    "narrow-explanations-overfit": 15,
    "wider-explanations-generalise": 1,
    default: 0,
  };
  const claims = await assertClaimsAsLogged(page, "local-explainability", { tolerance });
  assert.ok(claims.every((c) => c.state === "holds"), JSON.stringify(claims));
  // The explanation table has a row per σ, and at σ = 0.5 the held-out error is far above the
  // in-sample one.
  for (const sigma of ["0.1", "0.25", "0.5", "1"]) assert.ok(await page.locator(`[data-testid="explain-${sigma}"]`).count());
  const row = (await page.textContent(`[data-testid="explain-0.5"]`)).trim();
  const ratio = Number(row.match(/([\d.]+)×$/)?.[1]);
  assert.ok(ratio >= 10, `held-out ÷ in-sample at σ = 0.5: ${ratio}`);
  // The slice follows the variable the reader picks.
  await page.selectOption("[data-testid=slice-feature]", "3");
  await page.waitForFunction(() => document.body.textContent.includes("change in bp (standard deviations)"));
  await page.screenshot({ path: `${SHOTS}/local-explainability.png`, fullPage: true });
});

test("without σ = 0.5 the claims that read it are undecidable, and the card says why", async () => {
  const { page } = browser;
  await browser.open("#demo=local-explainability&backend=flex&sigmas=0.1,0.25&widths=8&seeds=1&steps=5&eval_points=4");
  assert.match(await text(page, "status"), /^Ready/);
  await trainToEnd(page);
  const card = await page.textContent("[data-testid=claims]");
  assert.match(card, /the claim reads σ = 0\.5: add it to the neighbourhoods σ/);
  const states = await page.$$eval("[data-testid=claims] [data-claim]", (li) => li.map((l) => [l.dataset.claim, l.dataset.state]));
  // The four claims that read σ = 0.5 cannot be decided; the rest are judged on the tiny run.
  const undecided = states.filter(([, s]) => s === "not-decided").map(([id]) => id);
  assert.deepEqual(undecided, ["mnf-predicts-gap", "penalty-cuts-mnf", "narrow-explanations-overfit", "wider-explanations-generalise"]);
});
