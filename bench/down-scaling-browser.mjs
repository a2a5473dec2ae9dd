// Browser benchmark of the down-scaling demo: seconds from Train to the first curve on the page
// (the first full model trained and measured) and to the end of the run, in headless Chromium on
// flex (the page's own parallel workers). Prints numbers, asserts nothing. Needs the built app
// (scripts/build-web.sh) and tests/e2e's node_modules. From the repository root:
//   node bench/down-scaling-browser.mjs [--hash 'dense_widths=0'] [--shot FILE.png]
import { start } from "../tests/e2e/harness.mjs";

const i = process.argv.indexOf("--hash");
const extra = i > 0 ? `&${process.argv[i + 1]}` : "";
const b = await start();
const { page } = b;
await b.open(`#demo=down-scaling&backend=flex${extra}`);
const cores = await page.evaluate(() => navigator.hardwareConcurrency);
const t0 = Date.now();
await page.click("[data-testid=train]");
await page.waitForSelector("[data-testid=sparsity-row]", { timeout: 3_600_000 });
const first = (Date.now() - t0) / 1000;
await page.waitForFunction(
  () => (document.querySelector("[data-testid=status]")?.textContent ?? "").startsWith("Finished") || document.querySelector("[data-testid=error]"),
  null,
  { timeout: 3_600_000, polling: 500 },
);
const all = (Date.now() - t0) / 1000;
const status = (await page.textContent("[data-testid=status]")).trim();
const crossings = (await page.textContent("[data-testid=crossings]")).trim().split(" Shaded")[0];
const shot = process.argv.indexOf("--shot");
if (shot > 0) await page.screenshot({ path: process.argv[shot + 1], fullPage: true });
console.log(`browser flex (${cores} cores), down-scaling${extra ? ` (${extra.slice(1)})` : " (defaults)"}: first curve on screen after ${first.toFixed(1)} s, whole run ${all.toFixed(1)} s; ${status} ${crossings}`);
await b.close();
