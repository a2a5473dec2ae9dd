// Time to verdict, the project's headline benchmark (prints numbers, asserts nothing): every
// registered demo opened at its defaults in headless Chromium on flex, Train pressed (the long-run
// question answered "go on" if asked), and the seconds until the first evidence is on screen (the
// card shows a value measured in this run for some claim) and until every claim of its "Does it reproduce?" card is decided (holds or
// does not hold), with the steps and the workers the page used. A demo whose claims are not all
// decided when its run ends, or within the limit, says so. Needs the built app
// (scripts/build-web.sh) and tests/e2e's node_modules. Run from the repository root, alone on the
// machine (other work slows the browser's workers):
//   node bench/time-to-verdict.mjs [--limit SECONDS] [--demo ID] > bench/results-time-to-verdict-DATE.log
import os from "node:os";
import { goOnWhenAsked, registeredDemos, start } from "../tests/e2e/harness.mjs";

const arg = (name) => process.argv[process.argv.indexOf(name) + 1];
const limit = Number(process.argv.includes("--limit") ? arg("--limit") : 900);
const only = process.argv.includes("--demo") ? [arg("--demo")] : registeredDemos();

console.log(`# time to verdict on flex, defaults, headless Chromium; ${os.cpus().length} cores (${os.cpus()[0]?.model}); limit ${limit} s`);
console.log("demo | first evidence s | verdict s | claims (state: value) | steps | workers | long-run question");
const b = await start();
const { page } = b;
for (const demo of only) {
  await b.open(`#demo=${demo}&backend=flex`);
  const answers = await goOnWhenAsked(page);
  // The page's own clock: first result event, and every claim decided, polled every 250 ms.
  await page.evaluate(() => {
    window.__verdict = { first: null, decided: null, started: performance.now() };
    const poll = () => {
      const v = window.__verdict;
      const now = (performance.now() - v.started) / 1000;
      const claims = [...document.querySelectorAll("[data-testid=claims] [data-claim]")];
      // First evidence: the card shows a value measured in this run for some claim.
      if (v.first === null && claims.some((c) => c.dataset.value !== "")) v.first = now;
      if (v.decided === null && claims.length > 0 && claims.every((c) => c.dataset.state !== "not-decided")) v.decided = now;
      setTimeout(poll, 250);
    };
    poll();
  });
  await page.click("[data-testid=train]");
  const workers = async () => {
    const cdp = await b.context.newCDPSession(page);
    const n = (await cdp.send("Target.getTargets")).targetInfos.filter((t) => t.type === "worker" && t.url.endsWith("/www/worker.js")).length;
    await cdp.detach();
    return n;
  };
  await page.waitForTimeout(3000);
  const used = await workers();
  await page
    .waitForFunction(
      () => {
        const s = document.querySelector("[data-testid=status]")?.textContent ?? "";
        return window.__verdict.decided !== null || s.startsWith("Finished") || document.querySelector("[data-testid=error]");
      },
      null,
      { timeout: limit * 1000, polling: 500 },
    )
    .catch(() => {});
  // The run may end between two polls with every claim decided: then the verdict came at its end.
  const v = await page.evaluate(() => {
    const v = window.__verdict;
    const claims = [...document.querySelectorAll("[data-testid=claims] [data-claim]")];
    if (v.decided === null && claims.length > 0 && claims.every((c) => c.dataset.state !== "not-decided")) {
      v.decided = (performance.now() - v.started) / 1000;
    }
    return v;
  });
  const claims = await page.$$eval("[data-testid=claims] [data-claim]", (items) =>
    items.map((li) => `${li.dataset.claim} ${li.dataset.state}: ${li.querySelector("[data-testid=claim-measured]")?.textContent.trim()}`),
  );
  const status = (await page.textContent("[data-testid=status]")) ?? "";
  const steps = status.match(/(?:step|Finished) (\d+)/)?.[1] ?? "?";
  const verdict = v.decided === null ? `not decided (${status.slice(0, 60)})` : v.decided.toFixed(1);
  const first = v.first === null ? "none" : v.first.toFixed(1);
  console.log(`${demo} | ${first} | ${verdict} | ${claims.join("; ")} | ${steps} | ${used} | ${(await answers()) > 0 ? "asked" : "no"}`);
  await page.goto("about:blank");
}
await b.close();
