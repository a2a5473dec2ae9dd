// Browser benchmark of the memorisation demo: seconds from Train to the first width's row in the
// page's table and to the end of the default sweep, in headless Chromium on flex (the page's own
// parallel workers). Prints numbers, asserts nothing. Needs the built app
// (scripts/build-web.sh) and tests/e2e's node_modules. From the repository root:
//   node bench/memorisation-browser.mjs [--hash 'widths=4,128&models=16'] [--shot FILE.png]
import { start } from "../tests/e2e/harness.mjs";

const i = process.argv.indexOf("--hash");
const extra = i > 0 ? `&${process.argv[i + 1]}` : "";
const b = await start();
const { page } = b;
await b.open(`#demo=memorisation&backend=flex${extra}`);
const cores = await page.evaluate(() => navigator.hardwareConcurrency);
const t0 = Date.now();
await page.click("[data-testid=train]");
await page.waitForSelector("[data-testid=widths] tbody tr", { timeout: 3_600_000 });
const first = (Date.now() - t0) / 1000;
const firstWidth = await page.getAttribute("[data-testid=widths] tbody tr", "data-width");
await page.waitForFunction(
  () => (document.querySelector("[data-testid=status]")?.textContent ?? "").startsWith("Finished") || document.querySelector("[data-testid=error]"),
  null,
  { timeout: 3_600_000, polling: 500 },
);
const all = (Date.now() - t0) / 1000;
const status = (await page.textContent("[data-testid=status]")).trim();
const shot = process.argv.indexOf("--shot");
if (shot > 0) await page.screenshot({ path: process.argv[shot + 1], fullPage: true });
console.log(`browser flex (${cores} cores), memorisation${extra ? ` (${extra.slice(1)})` : " (defaults)"}: first width (${firstWidth}) on screen after ${first.toFixed(1)} s, whole sweep ${all.toFixed(1)} s; ${status}`);
await b.close();
