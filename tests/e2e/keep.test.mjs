// End to end: keeping a run on the page (src/app/components/keep_bar.rs). A finished run downloads as one
// tar archive (run.json: settings, every measured result, the loss curves; and the trained models as
// .safetensors); the page opened afresh at other settings loads it back: the settings, figures, claims
// and results digest are the run's, nothing trains, and the loaded models answer questions exactly as the
// trained ones did. The command line reads the same archive (`minima load FILE.tar`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { hashOf, pageClaims, start, text, trainToEnd, ROOT } from "./harness.mjs";

const SHOTS = process.env.MINIMA_SCREENSHOTS ?? `${ROOT}/tests/e2e/screenshots`;
const MINIMA = join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "release", "minima");

let browser;
before(async () => {
  browser = await start();
  await mkdir(SHOTS, { recursive: true });
});
after(async () => browser?.close());

// What the page draws from the run: every curve's points and every table's text (the shared-run card
// aside), the claims card and the results digest.
async function figures(page) {
  const drawn = await page.$eval("section.figures", (s) => ({
    lines: [...s.querySelectorAll("svg polyline")].map((p) => p.getAttribute("points")),
    tables: [...s.querySelectorAll("table")].map((t) => t.textContent),
  }));
  return { ...drawn, claims: await pageClaims(page), digest: await page.getAttribute("[data-testid=digest]", "data-digest") };
}

// Trains the page's run and downloads it: the workers hand their models over when asked (none before),
// and the archive holds `models` of them. Returns the archive's path.
async function trainAndDownload(page, models) {
  await trainToEnd(page);
  assert.equal(await page.$("[data-testid=kept-models]"), null, "no models read before the reader asks");
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }),
    page.click("[data-testid=download-run]")]);
  await page.waitForSelector(`[data-testid=kept-models][data-models="${models}"]`, { timeout: 10_000 });
  assert.match(download.suggestedFilename(), /^minima-[a-z-]+-run\.tar$/);
  const path = join(await mkdtemp(join(tmpdir(), "minima-keep-")), download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

// Opens the demo at its defaults and loads the archive at `path`.
async function loadInto(demo, path) {
  const { page } = browser;
  await browser.open(`#demo=${demo}&backend=flex`);
  await page.setInputFiles("[data-testid=load-run]", path);
  await page.waitForFunction(() => /^Loaded a run of/.test(document.querySelector("[data-testid=status]")?.textContent ?? ""),
    null, { timeout: 60_000 });
  return page;
}

const SMALL = { modes: ["forward", "reverse"], steps: 60, warmup_steps: 10, batch_size: 32, eval_every: 30, eval_graphs: 100 };
const GRAPH = "3,17|40,8|17,25|8,12|25,9|40,3|12,31|31,44/40,44";
let pathStarArchive;

async function askGraph(page) {
  await page.fill("[data-testid=ask-text]", GRAPH);
  await page.click("[data-testid=ask]");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=attention-table] tbody tr").length === 16, null,
    { timeout: 120_000 });
  return page.$eval("[data-testid=answers]", (a) => ({
    paths: [...a.querySelectorAll(".star-graph")].map((f) => f.textContent),
    attention: [...document.querySelectorAll("[data-testid=attention-table] tbody tr")].map((r) => ({ ...r.dataset })),
  }));
}

test("a path-star run downloads, loads into a fresh page without training, and its models answer as before", { timeout: 600_000 }, async () => {
  const { page } = browser;
  await browser.open(hashOf("path-star", SMALL));
  const path = await trainAndDownload(page, 2);
  pathStarArchive = path;
  const trained = await figures(page);
  assert.ok(trained.lines.length > 0 && trained.tables.length > 0, "the run drew curves and tables");
  const answered = await askGraph(page);

  // The command line reads the page's archive: the kept results, and the models answer.
  const events = execFileSync(MINIMA, ["load", path, "--query", JSON.stringify({ text: GRAPH })], { encoding: "utf8" })
    .trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(events.filter((e) => e.event === "result" && e.result.kind === "evaluation").length, 6, "2 modes × 3 evaluations");
  assert.deepEqual(events.filter((e) => e.event === "answer").map((e) => e.result.paths.length), [2]);

  const loaded = await loadInto("path-star", path);
  assert.match(await text(loaded, "status"), /^Loaded a run of 120 steps from .*\.tar: not trained here/);
  assert.match(new URL(loaded.url()).hash, /steps=60/, "the run's settings are the page's");
  assert.equal(await loaded.getAttribute("[data-testid=kept-models]", "data-models"), "2", "a download holds them again");
  assert.deepEqual(await figures(loaded), trained, "the same curves, tables, claims and digest");
  assert.deepEqual(await askGraph(loaded), answered, "the loaded models answer exactly as the trained ones");
  await loaded.screenshot({ path: `${SHOTS}/keep-path-star-loaded.png`, fullPage: true });
  assert.deepEqual(browser.consoleErrors, []);
});

test("a split uniform-convergence run loads back with every part's networks, which draw the same slices", { timeout: 600_000 }, async () => {
  const { page } = browser;
  const settings = "width=200&max_epochs=40";
  await browser.open(`#demo=uniform-convergence&backend=flex&${settings}`);
  const path = await trainAndDownload(page, 4);
  const trained = await figures(page);
  const slices = async (p, point) => {
    await p.fill("[data-testid=slice-point]", String(point));
    await p.press("[data-testid=slice-point]", "Enter");
    await p.waitForSelector(`[data-testid=slice-shown][data-point="${point}"]`, { timeout: 60_000 });
    return p.$$eval("[data-digest]:not([data-testid=digest]):not([data-testid=recorded])", (hs) => hs.map((h) => h.dataset.digest));
  };
  const asked = await slices(page, 7);
  assert.equal(asked.length, 4, "a slice per network");
  const loaded = await loadInto("uniform-convergence", path);
  assert.deepEqual(await figures(loaded), trained);
  assert.deepEqual(await slices(loaded, 7), asked, "the loaded networks draw the same slices");
  assert.deepEqual(browser.consoleErrors, []);
});

test("a file that is no kept run, or one of another demo, is refused with a reason", { timeout: 120_000 }, async () => {
  const { page } = browser;
  await browser.open("#demo=sam&backend=flex");
  await page.setInputFiles("[data-testid=load-run]", { name: "notes.tar", mimeType: "application/x-tar", buffer: Buffer.from("hello") });
  const problem = async (pattern) => {
    await page.waitForFunction((p) => new RegExp(p).test(document.querySelector("[data-testid=load-problem]")?.textContent ?? ""),
      pattern.source, { timeout: 30_000 });
  };
  await problem(/^notes\.tar: not a tar archive/);
  assert.match(await text(page, "status"), /^Ready/, "nothing loaded");
  await page.setInputFiles("[data-testid=load-run]", pathStarArchive);
  await problem(/is a run of the path-star demo: open its page \(#demo=path-star\)/);
});
