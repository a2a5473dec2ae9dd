// The reference speeds behind a first visit's time estimate (src/estimate/reference.rs): every
// registered demo opened at its defaults in headless Chromium on flex, with an empty profile,
// trained until the page has measured its speed (work per second, kept in localStorage once a run
// has trained 7 s; a run that finishes sooner: its work over its seconds), with the page's
// calibration score (a fifth-of-a-second matrix product, src/estimate/calibrate.rs). Prints the
// log and writes src/estimate/reference.json from it. Needs the built app (scripts/build-web.sh)
// and tests/e2e's node_modules. Run from the repository root, alone on the machine:
//   node bench/reference-speeds.mjs --log bench/results-reference-speeds-DATE.log
// A new demo's speed alone, added to the reference's log and JSON (scaled to the reference's
// calibration score by this browser's: the other rows keep their machine and score):
//   node bench/reference-speeds.mjs --demo ID
import os from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import { goOnWhenAsked, registeredDemos, start } from "../tests/e2e/harness.mjs";

const arg = (name) => process.argv[process.argv.indexOf(name) + 1];
const one = process.argv.includes("--demo") ? arg("--demo") : null;
if (!process.argv.includes("--log") && !one) {
  throw new Error("usage: node bench/reference-speeds.mjs --log bench/results-reference-speeds-DATE.log | --demo ID");
}
const previous = one ? JSON.parse(readFileSync("src/estimate/reference.json", "utf8")) : null;
const logPath = one ? previous.log : arg("--log");
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), headless Chromium, flex`;
const lines = [];
const say = (line) => {
  console.log(line);
  lines.push(line);
};

const b = await start();
const { page } = b;
const speeds = {};
const demos = one ? [one] : registeredDemos();
// The first page shown measures the calibration score (once per browser: kept in localStorage).
await b.open(`#demo=${demos[0]}&backend=flex`);
const score = await page.evaluate(() => Number(localStorage.getItem("minima.calibration")));
if (!(score > 0)) throw new Error("the page kept no calibration score");
if (!one) {
  say(`# reference speeds: every demo at its defaults on flex, ${machine}`);
  say(`# command: node bench/reference-speeds.mjs --log ${logPath}`);
  say(`# calibration score ${Math.round(score)} Mflop/s`);
  say("demo | Mflop/s | how | work (flop)");
}
// Speeds scale with the calibration score: a demo measured alone is put at the reference's.
const scale = one ? previous.score / score : 1;
for (const demo of demos) {
  await b.open(`#demo=${demo}&backend=flex`);
  const flops = Number(await page.getAttribute("[data-testid=estimate]", "data-flops"));
  await goOnWhenAsked(page);
  const started = Date.now();
  await page.click("[data-testid=train]");
  // Until the page keeps a speed and has refined it for 15 s of training, or the run ends.
  await page.waitForFunction(
    ([key, since]) => {
      const status = document.querySelector("[data-testid=status]")?.textContent ?? "";
      return /^Finished/.test(status) || document.querySelector("[data-testid=error]") || (localStorage.getItem(key) && Date.now() - since > 22_000);
    },
    [`minima.speed.${demo}.flex`, started],
    { timeout: 600_000, polling: 500 },
  );
  const kept = await page.evaluate((key) => localStorage.getItem(key), `minima.speed.${demo}.flex`);
  const status = (await page.textContent("[data-testid=status]")) ?? "";
  const seconds = Number(status.match(/ in ([\d.]+) s/)?.[1]);
  const speed = kept ? Number(kept) : flops / seconds;
  let how = kept ? "kept by the page" : `finished in ${seconds} s: its work over its seconds`;
  if (one) {
    how += `; measured alone on ${new Date().toISOString().slice(0, 10)} at ${Math.round(speed / 1e6)} Mflop/s with a calibration score of ${Math.round(score)}, scaled to this log's score`;
  }
  speeds[demo] = Math.round((speed * scale) / 1e6);
  say(`${demo} | ${speeds[demo]} | ${how} | ${flops.toExponential(3)}`);
  await page.goto("about:blank");
}
await b.close();
if (one) {
  // The demo's row replaces its old one, or joins the others in the registry's order.
  const rows = readFileSync(logPath, "utf8").trimEnd().split("\n").filter((l) => !l.startsWith(`${one} | `));
  const order = registeredDemos();
  const at = rows.findIndex((l) => order.indexOf(l.split(" | ")[0]) > order.indexOf(one));
  rows.splice(at < 0 ? rows.length : at, 0, lines[0]);
  writeFileSync(logPath, rows.join("\n") + "\n");
} else {
  writeFileSync(logPath, lines.join("\n") + "\n");
}
const reference = one
  ? { ...previous, speeds: Object.fromEntries(Object.entries({ ...previous.speeds, ...speeds }).sort()) }
  : { log: logPath, machine, score: Math.round(score), speeds };
writeFileSync("src/estimate/reference.json", JSON.stringify(reference, null, 2) + "\n");
console.log(`wrote ${logPath} and src/estimate/reference.json`);
