// End to end: the page served before its CPU worker (scripts/serve.sh serves dist/ as soon as the
// page's module is built, and builds the CPU worker next). The page says the worker is coming,
// Train waits, and once the worker script is served Train works without a reload.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, start, text } from "./harness.mjs";

let site;
let browser;
let workerFiles;
before(async () => {
  // dist/ as it is after `build-web.sh ui`: no www/worker.js (nor its compressed twins).
  site = await mkdtemp(join(tmpdir(), "minima-page-first-"));
  await cp(join(ROOT, "dist"), site, { recursive: true });
  workerFiles = (await readdir(join(site, "www"))).filter((f) => /^worker\.js(\.br|\.gz)?$/.test(f));
  assert.ok(workerFiles.includes("worker.js"), "dist/ has the CPU worker script");
  for (const f of workerFiles) await rm(join(site, "www", f));
  browser = await start(site);
});
after(async () => {
  await browser?.close();
  await rm(site, { recursive: true, force: true });
});

test("a page served before its CPU worker says so, waits, and trains once the worker is served", async () => {
  const { page } = browser;
  await browser.open("#demo=sam&backend=flex&epochs=2");
  await page.waitForSelector("[data-testid=waiting-for-worker]");
  assert.match(await text(page, "waiting-for-worker"), /^This site's CPU worker is still being built \(scripts\/serve\.sh builds it/);
  assert.equal(await page.isDisabled("[data-testid=train]"), true, "Train waits");
  assert.equal(await page.isDisabled("[data-testid=step]"), true, "Step waits");
  // The key does not start a run either.
  await page.keyboard.press("k");
  assert.match(await text(page, "status"), /^Ready/);
  // The worker arrives, as the next build-web.sh writes it: Train works, without a reload.
  for (const f of workerFiles) await cp(join(ROOT, "dist/www", f), join(site, "www", f));
  await page.waitForSelector("[data-testid=train]:not([disabled])", { timeout: 15_000 });
  assert.equal(await page.$("[data-testid=waiting-for-worker]"), null, "the note is gone");
  await page.click("[data-testid=train]");
  await page.waitForFunction(() => /^Finished/.test(document.querySelector("[data-testid=status]")?.textContent ?? ""), null, { timeout: 120_000 });
});

test("the built site serves its CPU worker: Train is never held there", async () => {
  const served = await start();
  try {
    await served.open("#demo=sam&backend=flex&epochs=2");
    await served.page.waitForSelector("[data-testid=train]:not([disabled])", { timeout: 10_000 });
    assert.equal(await served.page.$("[data-testid=waiting-for-worker]"), null);
  } finally {
    await served.close();
  }
});
