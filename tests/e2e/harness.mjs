// Shared by the end-to-end tests: serve dist/ (scripts/build-web.sh), launch Debian's Chromium headless with
// WebGPU enabled and a fresh profile, and record every request so tests can check that nothing
// leaves the origin.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../scripts/serve.mjs";

export const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const ARGS = [
  "--headless=new",
  "--enable-unsafe-webgpu",
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];

// A browser with an empty profile on a server of `dir` (the built site by default).
export async function start(dir = join(ROOT, "dist")) {
  const server = await serve(dir, 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = await mkdtemp(join(tmpdir(), "minima-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 1000 },
  });
  // Every Content-Security-Policy violation of every page and frame, kept where tests read it.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"} in ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const requests = [];
  context.on("request", (r) => requests.push(r.url()));
  const consoleErrors = [];
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  return {
    origin,
    page,
    context,
    requests,
    consoleErrors,
    // Always a fresh document: a goto that changes only the hash would be a same-document
    // navigation, and the old page's Train button would satisfy the wait below before the app
    // had read the new hash (a race that failed CI once).
    async open(hash) {
      await page.goto("about:blank");
      await page.goto(`${origin}/index.html${hash}`);
      await page.waitForSelector("[data-testid=train]", { timeout: 60_000 });
    },
    // Requests to other origins; throws when the page never even loaded its module from this
    // origin, since an empty list would then prove nothing.
    foreignRequests() {
      if (!requests.some((u) => u.startsWith(origin) && u.endsWith("ui_bg.wasm"))) {
        throw new Error(`no request for the wasm module from ${origin}: the page did not load`);
      }
      return requests.filter((u) => !u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:"));
    },
    async close() {
      await context.close();
      await new Promise((ok) => server.close(ok));
      await rm(profile, { recursive: true, force: true });
    },
  };
}

// The registered demos' ids, in the registry's order (the folders build.rs registers; the same
// reading as the README's list of demos): what the tests count instead of a number written by hand.
export { registeredIds as registeredDemos } from "../../scripts/readme/demos.mjs";

// The CSP violations recorded so far in the page and its frames.
export async function cspViolations(page) {
  const all = [];
  for (const frame of page.frames()) all.push(...((await frame.evaluate(() => window.__cspViolations ?? []).catch(() => [])) ?? []));
  return all;
}

// A run projected over 10 minutes pauses once and asks whether to go on
// (src/app/components/run_estimate.rs). Tests that mean to train that long answer "Go on"
// whenever asked; returns how many times they were asked so far.
export async function goOnWhenAsked(page) {
  await page.evaluate(() => {
    window.__longRunAnswers = 0;
    new MutationObserver(() => {
      const go = document.querySelector("[data-testid=long-run-go]");
      if (go) {
        window.__longRunAnswers += 1;
        go.click();
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  return () => page.evaluate(() => window.__longRunAnswers);
}

export async function text(page, testid) {
  return (await page.textContent(`[data-testid=${testid}]`))?.trim() ?? "";
}

export async function trainToEnd(page, timeout = 240_000) {
  await page.click("[data-testid=train]");
  await page.waitForFunction(
    () => {
      const s = document.querySelector("[data-testid=status]")?.textContent ?? "";
      return s.startsWith("Finished") || document.querySelector("[data-testid=error]");
    },
    null,
    { timeout, polling: 250 },
  );
  const error = await page.$("[data-testid=error]");
  if (error) throw new Error(`training failed: ${await error.textContent()}`);
}

// The same run natively: `minima run DEMO` (scripts/test.sh builds it: `cargo build --release
// --bin minima`) on flex with the demo's defaults and `settings` (the URL's keys, as JSON values),
// then the `queries` asked of its trained models, returning its events. The page's worker and the
// command line run the same code on the same backend, so what the page shows must equal this.
export function native(demo, settings, queries = []) {
  const asked = queries.flatMap((q) => ["--query", JSON.stringify(q)]);
  const run = minimaWith("run", demo, settings, asked);
  if (run.status !== 0) throw new Error(`minima run ${demo} failed: ${run.stderr}`);
  const events = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
  const error = events.find((e) => e.event === "error");
  if (error) throw new Error(`minima run ${demo}: ${error.message}`);
  return events;
}

// The demo's default settings, as `minima defaults DEMO` prints them.
export function defaults(demo) {
  const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, "target");
  const minima = process.env.MINIMA ?? join(target, "release", "minima");
  const run = spawnSync(minima, ["defaults", demo], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`minima defaults ${demo} failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

// `minima COMMAND DEMO --config FILE ...extra` with `settings` written to FILE: the finished process.
function minimaWith(command, demo, settings, extra = []) {
  const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, "target");
  const minima = process.env.MINIMA ?? join(target, "release", "minima");
  if (!existsSync(minima)) throw new Error(`no native minima at ${minima}: build it with cargo build --release --bin minima`);
  const dir = mkdtempSync(join(tmpdir(), "minima-native-"));
  const file = join(dir, "config.json");
  writeFileSync(file, JSON.stringify(settings));
  const run = spawnSync(minima, [command, demo, "--config", file, ...extra], { encoding: "utf8", maxBuffer: 1 << 28 });
  rmSync(dir, { recursive: true, force: true });
  return run;
}

// The URL hash of demo `demo` with `settings` (arrays as comma-separated lists) on flex.
export function hashOf(demo, settings) {
  const value = (v) => (Array.isArray(v) ? v.join(",") : String(v));
  return `#demo=${demo}&backend=flex&${Object.entries(settings).map(([k, v]) => `${k}=${value(v)}`).join("&")}`;
}

// The results of a native run's events (`{"event": "result", "demo", "result"}`), and the answers to its
// questions (`{"event": "answer", …}`, the same shape).
export const results = (events) => events.filter((e) => e.event === "result" || e.event === "answer").map((e) => e.result);

// Asserts that the page's number `shown` (a string, as the page formats it) is the native `value`
// at the page's precision: the page rounds to `decimals`.
export function assertShown(shown, value, decimals, what) {
  const expected = Number(value).toFixed(decimals);
  if (shown !== expected) throw new Error(`${what}: the page shows ${shown}, the native run computed ${value} (${expected})`);
}

// The claims on the page's "Does it reproduce?" card, read from the DOM: id, state (holds,
// does-not-hold, not-decided), the value measured in this browser, and the value as shown.
export async function pageClaims(page) {
  return page.$$eval("[data-testid=claims] [data-claim]", (items) =>
    items.map((li) => ({
      id: li.dataset.claim,
      state: li.dataset.state,
      value: li.dataset.value === "" ? null : Number(li.dataset.value),
      shown: li.querySelector("[data-testid=claim-measured]")?.textContent.trim(),
    })),
  );
}

// The same claims judged natively by `minima check DEMO --json` with the same settings (exit 0:
// all hold, 1: one does not, 3: one is not decided; anything else is a failure).
export function nativeClaims(demo, settings) {
  return nativeChecked(demo, settings, false).claims;
}

// One native run judged as `minima check DEMO --json --events` does: its events (as `native`
// returns them) and its claims, for a test that compares both with the page.
export function nativeChecked(demo, settings, withEvents = true) {
  const run = minimaWith("check", demo, settings, withEvents ? ["--json", "--events"] : ["--json"]);
  if (![0, 1, 3].includes(run.status)) throw new Error(`minima check ${demo} failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.trim().split("\n");
  const claims = JSON.parse(lines.pop());
  return { events: lines.map((l) => JSON.parse(l)), claims };
}

// Asserts that the page's card judges the claims as `minima check` does for the same settings:
// the same claims in the same states, each value equal at 3 decimals, or within `tolerance` for a
// long run: the browser's matrix kernels (wasm simd128) sum in another order than the native ones
// (AVX2), and hundreds of epochs carry the difference into the third decimal. `tolerance` is a
// number, or an object of numbers by claim id with a `default`, each in its claim's unit. `claims`:
// those of a native run already made (`nativeChecked`). Returns the page's claims.
export async function assertClaimsAsNative(page, demo, settings, { tolerance = 0, claims = null } = {}) {
  return assertClaimsAs(page, claims ?? nativeClaims(demo, settings), "natively", tolerance);
}

// As assertClaimsAsNative, against the claims a science test judged natively and wrote into its
// log, `tests/logs/NAME.json` (under `key` where the log holds several runs), for the same
// settings: the test command runs that test and checks that its log did not move
// (scripts/logs-check.mjs), so the page is compared with this machine's native run without
// training the same configuration natively a second time.
export async function assertClaimsAsLogged(page, name, { key = null, tolerance = 0 } = {}) {
  const log = JSON.parse(readFileSync(join(ROOT, "tests/logs", `${name}.json`), "utf8"));
  const run = key === null ? log : log[key];
  const where = `in tests/logs/${name}.json${key === null ? "" : ` (${key})`}`;
  if (!Array.isArray(run?.claims)) throw new Error(`no claims ${where}`);
  return assertClaimsAs(page, run.claims, where, tolerance);
}

async function assertClaimsAs(page, native, where, tolerance) {
  const within = (id) => (typeof tolerance === "number" ? tolerance : tolerance[id] ?? tolerance.default ?? 0);
  const shown = await pageClaims(page);
  assert.deepEqual(shown.map((c) => c.id), native.map((c) => c.id), "the same claims");
  for (const [p, n] of shown.map((c, i) => [c, native[i]])) {
    assert.equal(p.state, n.state, `${p.id}: the page says ${p.state} (${p.shown}), ${where} ${n.state} (${n.shown})`);
    if (n.value === null) assert.equal(p.value, null, p.id);
    else if (within(p.id) > 0) {
      assert.ok(Math.abs(p.value - n.value) <= within(p.id), `claim ${p.id}: the page measured ${p.value}, ${where} ${n.value}`);
    }
    else assertShown(p.value.toFixed(3), n.value, 3, `claim ${p.id}`);
  }
  console.log(`# claims: ${shown.map((c) => `${c.id} ${c.state} (${c.shown})`).join("; ")}`);
  return shown;
}
