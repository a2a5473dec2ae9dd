// End to end: embedding. A tutorial page on another origin embeds two demos through the JS API
// (www/minima-embed.js) and one through a plain iframe; the test drives them through the API and
// the postMessage protocol, scrolls the iframe in and out of view, sends messages from a
// foreign origin and of the wrong shape, downloads the exports, and re-opens the exported link.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { start, text, trainToEnd, registeredDemos, ROOT } from "./harness.mjs";

const SHOTS = process.env.MINIMA_SCREENSHOTS ?? `${ROOT}/tests/e2e/screenshots`;
// 650 steps, about 3 s on flex (as in disagreement.test.mjs).
const SMALL = { widths: [32], train_sizes: [100], epochs: [10, 50], models: 4, randomness: "alldiff", data_seed: 0, init_seed: 0 };
// The plain iframe: long enough (26,000 steps) to still be training while the test scrolls.
const LONG = "demo=disagreement&embed=1&autoplay=1&backend=flex&widths=32&train_sizes=100&epochs=10,2000&models=4&randomness=alldiff";

let browser;
let fixtures;
let hostOrigin;
let foreignOrigin;
const consoleLines = [];

// Serves tests/e2e/fixtures on two ports: the tutorial's origin and a foreign one.
async function serveFixtures() {
  const handler = async (req, res) => {
    const name = new URL(req.url, "http://x").pathname.replace(/^\/+/, "");
    if (!/^[a-z]+\.html$/.test(name)) return res.writeHead(404).end();
    try {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(await readFile(join(ROOT, "tests/e2e/fixtures", name)));
    } catch {
      res.writeHead(404).end();
    }
  };
  const listen = () => new Promise((ok) => { const s = createServer(handler); s.listen(0, "127.0.0.1", () => ok(s)); });
  return [await listen(), await listen()];
}

before(async () => {
  browser = await start();
  fixtures = await serveFixtures();
  hostOrigin = `http://127.0.0.1:${fixtures[0].address().port}`;
  foreignOrigin = `http://127.0.0.1:${fixtures[1].address().port}`;
  browser.page.on("console", (m) => consoleLines.push(m.text()));
  await mkdir(SHOTS, { recursive: true });
  const query = new URLSearchParams({ minima: browser.origin, foreign: foreignOrigin, framed: LONG });
  await browser.page.goto(`${hostOrigin}/host.html?${query}`);
  await browser.page.waitForSelector("html[data-ready='1']");
});
after(async () => {
  await browser?.close();
  for (const s of fixtures ?? []) await new Promise((ok) => s.close(ok));
});

const frameOf = (page, match) => page.frames().find((f) => f.url().includes(match));
const frameIn = async (page, selector) => (await page.$(selector)).contentFrame();
const until = (page, fn, arg, timeout = 120_000) => page.waitForFunction(fn, arg, { timeout, polling: 100 });
const statusOf = async (frame) => (await frame.textContent("[data-testid=status]")).trim();

test("two demos mounted by the JS API run independently and obey play, pause, step and setConfig", async () => {
  const { page } = browser;
  await page.evaluate((small) => {
    window.log = { first: [], second: [] };
    const mountLogged = (id, options) => {
      const handle = window.mount(document.getElementById(id), options);
      for (const type of ["ready", "state", "step", "result", "claim", "done", "error", "problems"]) handle.on(type, (e) => window.log[id].push(e));
      return handle;
    };
    // Long enough (26,000 steps) to be paused mid-run: the small sweep ends in under a second.
    const long = { ...small, epochs: [10, 2000] };
    window.first = mountLogged("first", { demo: "disagreement", backend: "flex", config: long });
    window.second = mountLogged("second", { demo: "resmem", backend: "flex", controls: ["k", "sigma"], lock: ["k"], intro: false });
  }, SMALL);
  const [ready1, ready2] = await page.evaluate(() => Promise.all([first.ready, second.ready]));
  assert.equal(ready1.demo, "disagreement");
  assert.equal(ready1.protocol, 1);
  assert.deepEqual(ready1.state.config.widths, [32]);
  assert.equal(ready2.controls.find((c) => c.key === "k").locked, true);
  assert.equal(ready2.controls.find((c) => c.key === "points").hidden, true);

  // The second demo shows only k and σ (k locked), no backend choice and no exports.
  const second = await frameIn(page, "#second iframe");
  assert.deepEqual(await second.$$eval(".settings .setting label", (ls) => ls.map((l) => l.htmlFor)), ["setting-k", "setting-sigma"]);
  assert.equal(await second.isDisabled("#setting-k"), true);
  assert.equal(await second.isDisabled("#setting-sigma"), false);
  assert.equal(await second.locator("[data-testid=backend]").count(), 0);
  assert.equal(await second.locator("[data-testid=export-json]").count(), 0);
  // intro: false leaves out the opening paragraph; the title stays for screen readers only.
  assert.equal(await second.locator("p.lead").count(), 0);
  assert.equal(await second.locator("h1.visually-hidden").count(), 1);
  assert.equal(await (await frameIn(page, "#first iframe")).locator("p.lead").count(), 1);

  // play → step events; pause → paused; step → exactly one more step.
  await page.evaluate(() => first.play());
  await until(page, () => log.first.some((e) => e.type === "step"));
  await page.evaluate(() => first.pause());
  await until(page, () => log.first.some((e) => e.type === "state" && e.phase === "paused"));
  const paused = await page.evaluate(() => first.getState());
  assert.equal(paused.phase, "paused");
  await page.evaluate(() => first.step());
  await until(page, (n) => log.first.some((e) => e.type === "step" && e.step === n + 1), paused.step);
  await page.waitForTimeout(300);
  assert.equal((await page.evaluate(() => first.getState())).step, paused.step + 1, "one step, then paused again");
  const firstFrame = await frameIn(page, "#first iframe");
  assert.match(await statusOf(firstFrame), new RegExp(`^Paused at step ${paused.step + 1} of`));
  // The other demo did nothing meanwhile.
  assert.equal(await page.evaluate(() => log.second.filter((e) => e.type === "step").length), 0);
  assert.match(await statusOf(second), /^Ready/);

  // setConfig resets the run with the new settings; bad values come back as problems.
  const changed = await page.evaluate(() => first.setConfig({ models: 3 }));
  assert.deepEqual(changed.problems, []);
  await until(page, () => first.getState().then((s) => s.phase === "idle" && s.config.models === 3));
  assert.equal(await firstFrame.inputValue("#setting-models"), "3");
  const bad = await page.evaluate(() => first.setConfig({ models: 99, colour: "blue" }));
  assert.deepEqual(bad.problems.map((p) => p.key).sort(), ["colour", "models"]);
  assert.match(bad.problems.find((p) => p.key === "models").message, /outside 2..=8; using the default 4/);
  await page.evaluate((small) => first.setConfig(small), SMALL);

  // Train to the end: a `done` event, results as events, and the same through `export`.
  await page.evaluate(() => { log.first.length = 0; return first.play(); });
  await until(page, () => log.first.some((e) => e.type === "done"));
  const exported = await page.evaluate(() => first.export("json"));
  assert.equal(exported.format, "minima-results/1");
  assert.equal(exported.demo, "disagreement");
  assert.equal(exported.backend, "flex");
  assert.equal(exported.run.phase, "finished");
  assert.equal(exported.run.steps, 650);
  assert.deepEqual(exported.seeds, { data_seed: 0, init_seed: 0 });
  assert.match(exported.browser, /Chrome/);
  // The results' digest (SHA-256 of what the run measured): in `done` and in the export alike.
  const done = await page.evaluate(() => log.first.find((e) => e.type === "done"));
  assert.match(done.digest ?? "", /^[0-9a-f]{64}$/);
  assert.equal(exported.run.digest, done.digest);
  const results = await page.evaluate(() => log.first.filter((e) => e.type === "result").map((e) => e.event));
  assert.deepEqual(exported.results, results, "the export holds exactly the results the events carried");
  // Each claim said once when it was decided, with what the card shows (the small sweep: both hold).
  const claims = await page.evaluate(() => log.first.filter((e) => e.type === "claim"));
  assert.deepEqual(claims.map((e) => [e.id, e.state]), [["gde-ratio", "holds"], ["test-error-range", "holds"]]);
  const card = await firstFrame.$$eval("[data-claim]", (items) => items.map((li) => [li.dataset.claim, li.dataset.state]));
  assert.deepEqual(card, claims.map((e) => [e.id, e.state]), "the events say what the card shows");
  assert.ok(claims.every((e) => typeof e.value === "number" && e.demo === "disagreement"), JSON.stringify(claims));
  assert.ok(exported.loss[0].points.length > 10);
  const csv = await page.evaluate(() => first.export("csv"));
  assert.match(csv, /^series,item,step,field,value\nloss,0,1,loss,/);
  assert.ok(csv.split("\n").some((l) => l.startsWith("result,0,")), "results in the CSV");
  // The second demo is still untouched, and can run on its own.
  assert.match(await statusOf(second), /^Ready/);
  await page.evaluate(() => second.play());
  await until(page, () => log.second.some((e) => e.type === "step"));
  await page.evaluate(() => second.pause());
  await until(page, () => log.second.some((e) => e.type === "state" && e.phase === "paused"));
  await page.screenshot({ path: `${SHOTS}/embed-api.png` });
});

test("the JSON export downloads, and its link reproduces the same numbers on the same backend", async () => {
  const { page, context } = browser;
  const first = await frameIn(page, "#first iframe");
  const [download] = await Promise.all([page.waitForEvent("download"), first.click("[data-testid=export-json]")]);
  const doc = JSON.parse(await readFile(await download.path(), "utf8"));
  assert.equal(download.suggestedFilename(), "minima-disagreement-results.json");
  assert.equal(doc.run.phase, "finished");
  assert.match(doc.link, new RegExp(`^${browser.origin}/index.html#demo=disagreement&backend=flex&`));
  assert.doesNotMatch(doc.link, /embed=|origin=/, "the link opens the full page");
  // Figures download as SVG (styles inlined) and PNG.
  const [svg] = await Promise.all([page.waitForEvent("download"), first.click("[data-testid=download-svg] >> nth=0")]);
  const svgText = await readFile(await svg.path(), "utf8");
  assert.match(svgText, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svgText, /circle/);
  const [png] = await Promise.all([page.waitForEvent("download"), first.click("[data-testid=download-png] >> nth=0")]);
  const pngBytes = await readFile(await png.path());
  assert.deepEqual([...pngBytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(""), "PNG");
  const [csv] = await Promise.all([page.waitForEvent("download"), first.click("[data-testid=export-csv]")]);
  assert.match(await readFile(await csv.path(), "utf8"), /^series,item,step,field,value\n/);

  // The link, opened on its own, trains to the same numbers.
  const again = await context.newPage();
  await again.goto(doc.link);
  await again.waitForSelector("[data-testid=train]", { timeout: 60_000 });
  await trainToEnd(again);
  const [download2] = await Promise.all([again.waitForEvent("download"), again.click("[data-testid=export-json]")]);
  const doc2 = JSON.parse(await readFile(await download2.path(), "utf8"));
  assert.equal(doc2.backend, doc.backend);
  assert.deepEqual(doc2.config, doc.config);
  assert.deepEqual(doc2.results, doc.results);
  assert.deepEqual(doc2.loss, doc.loss);
  assert.equal(await text(again, "mean-test-error"), await first.textContent("[data-testid=mean-test-error]").then((t) => t.trim()));
  await again.close();
});

test("the iframe autoplays when scrolled into view, pauses when scrolled away, and goes on when back", async () => {
  const { page } = browser;
  const framed = await frameIn(page, "#framed");
  await page.waitForTimeout(1500);
  assert.match(await statusOf(framed), /^Ready/, "not started while out of view");
  await page.locator("#framed").scrollIntoViewIfNeeded();
  const training = (n) => {
    const m = document.querySelector("[data-testid=status]").textContent.match(/^Training on .*: step (\d+)/);
    return m && Number(m[1]) > n;
  };
  await until(framed, training, 20);
  await page.evaluate(() => window.scrollTo(0, 0));
  await until(framed, () => document.querySelector("article.demo").dataset.pausedOffscreen === "true" && /while out of view/.test(document.querySelector("[data-testid=status]").textContent));
  // Paused (the worker has confirmed): the state message says so.
  await until(page, () => fromDemos.some((m) => m.type === "state" && m.pausedOffscreen && m.phase === "paused"));
  const step = async () => Number((await statusOf(framed)).match(/step (\d+)/)[1]);
  const held = await step();
  await page.waitForTimeout(800);
  assert.equal(await step(), held, "no steps while out of view");
  await page.locator("#framed").scrollIntoViewIfNeeded();
  await until(framed, training, held);
});

test("messages from a foreign origin or of the wrong shape change nothing", async () => {
  const { page } = browser;
  const framed = await frameIn(page, "#framed");
  const foreign = frameOf(page, "foreign.html");
  const step = async () => Number((await statusOf(framed)).match(/step (\d+)/)?.[1] ?? -1);
  assert.match(await statusOf(framed), /^Training/);
  await foreign.evaluate(() => { drive("pause"); drive("reset"); });
  const wrong = [
    { minima: 1, type: "explode", id: "w1" },
    { minima: 2, type: "pause", id: "w2" },
    { minima: 1, type: "pause", id: "w3", now: true },
    { minima: 1, type: "setConfig", id: "w4", config: { models: { many: 9 } } },
    { type: "pause" },
    "pause",
    null,
  ];
  await page.evaluate(([messages, origin]) => {
    for (const m of messages) document.getElementById("framed").contentWindow.postMessage(m, origin);
  }, [wrong, browser.origin]);
  const before = await step();
  await page.waitForTimeout(1000);
  assert.match(await statusOf(framed), /^Training/, "still training");
  assert.ok((await step()) > before, "and still stepping");
  // (The API-mounted demos' replies have numeric ids.)
  const replies = await page.evaluate(() => fromDemos.filter((m) => m.type === "reply" && typeof m.id === "string").map((m) => [m.id, m.ok, m.error]));
  assert.deepEqual(replies.map((r) => r[0]).sort(), ["w1", "w2", "w3", "w4"], "only the embedding page's minima-shaped messages get a reply");
  assert.ok(replies.every((r) => r[1] === false));
  assert.match(replies.find((r) => r[0] === "w1")[2], /unknown message type 'explode'/);
  assert.match(replies.find((r) => r[0] === "w2")[2], /version 2/);
  assert.ok(consoleLines.some((l) => l.includes(`ignored a message from ${foreignOrigin}`)), "the foreign message is logged as ignored");
  // The channel itself works: the embedding page's well-formed pause is obeyed.
  await page.evaluate((origin) => document.getElementById("framed").contentWindow.postMessage({ minima: 1, type: "pause", id: "ok" }, origin), browser.origin);
  await until(framed, () => /^Paused at step/.test(document.querySelector("[data-testid=status]").textContent));
  assert.ok(await page.evaluate(() => fromDemos.some((m) => m.type === "reply" && m.id === "ok" && m.ok)));
});

test("destroy() removes a demo and ends its worker", async () => {
  const { page, context } = browser;
  // Every training worker of the browser (the frames' workers included), from the DevTools protocol.
  const cdp = await context.newCDPSession(page);
  const workers = async () =>
    (await cdp.send("Target.getTargets")).targetInfos.filter((t) => t.type === "worker" && t.url.endsWith("/www/worker.js")).length;
  const before = await workers();
  assert.equal(before, 3, "one worker per demo that has run: two mounted, one iframe");
  await page.evaluate(() => second.destroy());
  assert.equal(await page.locator("#second iframe").count(), 0);
  await assert.rejects(page.evaluate(() => second.play()), /destroyed/);
  const deadline = Date.now() + 10_000;
  while ((await workers()) !== before - 1 && Date.now() < deadline) await page.waitForTimeout(100);
  assert.equal(await workers(), before - 1, "the destroyed demo's worker is gone");
  // The first demo still answers.
  assert.equal((await page.evaluate(() => first.getState())).phase, "finished");
  await cdp.detach();
});

test("controls are labelled, the status is announced, and the keyboard trains, pauses and steps", async () => {
  const { page } = browser;
  await browser.open("#demo=disagreement&embed=1&backend=flex&widths=32&train_sizes=100&epochs=10,2000&models=4");
  const [controls, unlabelled] = await page.$$eval(".controls input, .controls select, .controls button", (els) => [
    els.length,
    els.filter((el) => !(el.labels?.length || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || el.textContent.trim() || el.closest("label"))).map((el) => el.outerHTML),
  ]);
  assert.ok(controls >= 5, `the selector found only ${controls} controls: nothing would be checked`);
  assert.deepEqual(unlabelled, []);
  assert.equal(await page.getAttribute("[data-testid=status]", "aria-live"), "polite");
  await page.focus("[data-testid=train]");
  await page.keyboard.press("Enter");
  await until(page, () => /^Training/.test(document.querySelector("[data-testid=status]").textContent));
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), "pause", "focus stays on the play/pause button");
  await page.keyboard.press("k");
  await until(page, () => /^Paused at step/.test(document.querySelector("[data-testid=status]").textContent));
  const n = Number((await text(page, "status")).match(/step (\d+)/)[1]);
  await page.keyboard.press(".");
  await until(page, (n) => new RegExp(`^Paused at step ${n + 1} of`).test(document.querySelector("[data-testid=status]").textContent), n);
});

test("autoplay waits for readers who ask for reduced motion, and the colours follow the scheme or theme=", async () => {
  const { page } = browser;
  const hash = "#demo=disagreement&embed=1&autoplay=1&backend=flex&widths=32&train_sizes=100&epochs=10,2000&models=4";
  await page.emulateMedia({ reducedMotion: "reduce", colorScheme: "dark" });
  await page.goto("about:blank");
  await browser.open(hash);
  await page.waitForSelector("[data-testid=autoplay-held]");
  await page.waitForTimeout(1000);
  assert.match(await text(page, "status"), /^Ready/);
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.equal(await background(), "rgb(13, 17, 23)");
  await page.goto("about:blank");
  await browser.open(`${hash}&theme=light`);
  assert.equal(await background(), "rgb(255, 255, 255)");
  // Without the reduced-motion wish, the same page starts by itself.
  await page.emulateMedia({ reducedMotion: "no-preference", colorScheme: "light" });
  await page.goto("about:blank");
  await browser.open(hash);
  await until(page, () => /^(Training|Finished)/.test(document.querySelector("[data-testid=status]").textContent));
  await page.screenshot({ path: `${SHOTS}/embed-standalone.png` });
});

test("www/embed.html documents every message, option and setting from the code, and its live examples run", async () => {
  const { page } = browser;
  await page.goto(`${browser.origin}/www/embed.html`);
  await page.waitForSelector("html[data-ready='1']", { timeout: 60_000 });
  const types = (table) => page.$$eval(`[data-testid=${table}] tr[data-message]`, (rows) => rows.map((r) => r.dataset.message));
  // Everything www/minima-embed.js sends and listens to is documented.
  assert.deepEqual((await types("requests")).sort(), ["export", "getState", "pause", "play", "reset", "setConfig", "step"]);
  const events = await types("events");
  for (const e of ["ready", "state", "step", "result", "done", "error", "problems", "resize", "reply"]) assert.ok(events.includes(e), e);
  const options = await page.$$eval("[data-testid=options] td:first-child", (cells) => cells.map((c) => c.textContent));
  for (const o of ["embed=1", "autoplay=1", "controls=k,sigma", "<control>_hide=1", "<control>_lock=1", "origin=https://your.site", "theme=light|dark|auto"]) assert.ok(options.includes(o), o);
  assert.equal(await page.locator("#demo-settings table").count(), registeredDemos().length, "one settings table per registered demo");
  assert.ok(await page.locator("table[data-demo=resmem] code", { hasText: "sigma" }).count());
  // The live JS API example runs from its buttons (while in view: out of view it would pause).
  await until(page, () => document.getElementById("api-log").textContent.includes("ready"));
  await page.locator("#api-log").scrollIntoViewIfNeeded();
  await page.click("#api-play");
  await until(page, () => /done: 650 steps/.test(document.getElementById("api-log").textContent));
  await page.click("#api-export");
  await until(page, () => /"format":"minima-results\/1","phase":"finished","steps":650/.test(document.getElementById("api-log").textContent));
  await page.screenshot({ path: `${SHOTS}/embed-docs.png`, fullPage: true });
});

test("no request left the three origins and nothing failed in the console", () => {
  const allowed = [browser.origin, hostOrigin, foreignOrigin, "data:", "blob:", "about:"];
  assert.ok(browser.requests.some((u) => u.startsWith(browser.origin) && u.endsWith("ui_bg.wasm")), "the pages loaded their module (else this check proves nothing)");
  assert.deepEqual(browser.requests.filter((u) => !allowed.some((o) => u.startsWith(o))), []);
  assert.deepEqual(browser.consoleErrors, []);
});
