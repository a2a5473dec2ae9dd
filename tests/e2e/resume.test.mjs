// End to end: resume after a reload (src/app/components/resume_card.rs, src/app/checkpoints.rs). A path-star
// run on the CPU keeps a checkpoint in the browser's own storage every few seconds; the page reloaded mid-run
// offers to resume from it, and the resumed run, reloaded and resumed once more, finishes with the same figures,
// claims and results digest as the same run never interrupted (flex is deterministic: the checkpoint holds the
// weights, AdamW's moments and the streams of graphs). A finished run leaves nothing to resume, and a demo that
// does not resume keeps nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { hashOf, pageClaims, start, trainToEnd, ROOT } from "./harness.mjs";

const SHOTS = process.env.MINIMA_SCREENSHOTS ?? `${ROOT}/tests/e2e/screenshots`;

let browser;
before(async () => {
  browser = await start();
  await mkdir(SHOTS, { recursive: true });
});
after(async () => browser?.close());

// Two modes (two workers) of 1,000 steps: long enough on 2 cores for two checkpoints, 10 s apart, past step
// 250 before the end.
const RUN = { modes: ["forward", "reverse"], steps: 1000, warmup_steps: 20, batch_size: 32, eval_every: 100, eval_graphs: 100 };

// What the page draws from the run: every curve's points, every table's rows, the claims and the digest. A
// table's rows are sorted: the two modes train in parallel workers, whose evaluations arrive in either order.
async function figures(page) {
  const drawn = await page.$eval("section.figures", (s) => ({
    lines: [...s.querySelectorAll("svg polyline")].map((p) => p.getAttribute("points")),
    tables: [...s.querySelectorAll("table")].map((t) => [...t.querySelectorAll("tr")].map((r) => r.textContent).sort()),
  }));
  return { ...drawn, claims: await pageClaims(page), digest: await page.getAttribute("[data-testid=digest]", "data-digest") };
}

const status = (page) => page.textContent("[data-testid=status]");

// The names of the files the page keeps in the origin-private file system (src/app/checkpoints.rs).
const stored = (page) => page.evaluate(async () => {
  const root = await navigator.storage.getDirectory();
  let folder;
  try {
    folder = await root.getDirectoryHandle("minima-checkpoints");
  } catch {
    return [];
  }
  const names = [];
  for await (const [name] of folder.entries()) names.push(name);
  return names;
});

// The step the stored checkpoints reach: the sum of the parts' steps (src/demos/checkpoint.rs, SavedRun::step).
const storedStep = (page, demo) => page.evaluate(async (demo) => {
  const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle("minima-checkpoints");
  let step = 0;
  for await (const [name, handle] of folder.entries()) {
    if (name.startsWith(`${demo}.part-`)) step += JSON.parse(await (await handle.getFile()).text()).step;
  }
  return step;
}, demo);

// Waits for a checkpoint kept past step `after`, reloads the page and checks the offer to resume from what
// the browser kept; returns the offer's step. The run must not have finished by then. A part may keep a
// later checkpoint between the wait and the reload (the two workers keep theirs at their own times), so the
// offer is checked against the storage read after the reload, when no run writes to it.
async function reloadPast(page, after, total, shot) {
  const saved = await page.waitForFunction((after) => {
    const s = Number(document.querySelector("[data-testid=checkpoint-saved]")?.dataset.step ?? 0);
    return s > after ? s : false;
  }, after, { timeout: 400_000, polling: 100 });
  const seen = await saved.jsonValue();
  assert.doesNotMatch(await status(page), /^Finished/, "reloaded mid-run");
  await page.reload();
  await page.waitForSelector("[data-testid=resume-card]", { timeout: 30_000 });
  const card = await page.$eval("[data-testid=resume-card]", (c) => ({ ...c.dataset, text: c.textContent }));
  const step = Number(card.step);
  assert.equal(step, await storedStep(page, "path-star"), "the offer is the last checkpoint kept");
  assert.ok(step >= seen && step < total, `checkpoint at ${step} of ${total}, ${seen} seen before the reload`);
  assert.equal(Number(card.total), total);
  assert.match(card.text, new RegExp(`stopped at step ${step} of ${total}`));
  if (shot) await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
  assert.doesNotMatch(await status(page), /^Finished/, "nothing ran before the reader asked");
  await page.click("[data-testid=resume-run]");
  return step;
}

test("a path-star run reloaded twice mid-run resumes from its checkpoints and ends as the uninterrupted run", { timeout: 900_000 }, async () => {
  const { page } = browser;
  await browser.open(hashOf("path-star", RUN));
  let started = Date.now();
  await trainToEnd(page, 400_000);
  const whole = await figures(page);
  const seconds = (Date.now() - started) / 1000;
  assert.ok(whole.digest && whole.lines.length > 0 && whole.tables.length > 0, "the run drew its figures");
  // A finished run leaves nothing to resume.
  await browser.open(hashOf("path-star", RUN));
  await page.waitForTimeout(1500);
  assert.equal(await page.$("[data-testid=resume-card]"), null, "no offer after a finished run");

  // The same run again, reloaded once the browser keeps a checkpoint past step 250, resumed, and reloaded
  // again at its next checkpoint: that one holds the events from before the first resume too.
  await page.click("[data-testid=train]");
  started = Date.now();
  const total = 2 * RUN.steps;
  await page.waitForSelector("[data-testid=checkpoint-saved]", { timeout: 400_000 });
  const files = await stored(page);
  assert.ok(files.includes("path-star.run.json") && files.includes("path-star.part-0.json"), files.join(", "));
  const first = await reloadPast(page, 249, total, "resume-offer");
  const second = await reloadPast(page, first, total, null);
  await page.waitForFunction(() => {
    const s = document.querySelector("[data-testid=status]")?.textContent ?? "";
    return s.startsWith("Finished") || document.querySelector("[data-testid=error]");
  }, null, { timeout: 400_000, polling: 250 });
  const error = await page.$("[data-testid=error]");
  if (error) throw new Error(`the resumed run failed: ${await error.textContent()}`);
  assert.match(await status(page), new RegExp(`^Finished ${total} steps on .*, resumed from step ${second}:`));
  const resumed = await figures(page);
  assert.deepEqual(resumed, whole, "the same curves, tables, claims and digest as the uninterrupted run");
  console.log(`uninterrupted ${seconds.toFixed(1)} s; reloaded at steps ${first} and ${second} of ${total}; ` +
    `resumed to the end ${((Date.now() - started) / 1000).toFixed(1)} s after the second Train`);
  await page.screenshot({ path: `${SHOTS}/resume-finished.png`, fullPage: true });

  // Finished: a reload offers nothing; Discard would have cleared it too.
  await page.reload();
  await page.waitForSelector("[data-testid=train]");
  await page.waitForTimeout(1500);
  assert.equal(await page.$("[data-testid=resume-card]"), null, "no offer after the resumed run finished");
});

test("a demo that does not resume keeps nothing in the browser's storage", { timeout: 300_000 }, async () => {
  const { page } = browser;
  await browser.open(hashOf("sam", {}));
  await trainToEnd(page, 200_000);
  const files = await stored(page);
  assert.deepEqual(files.filter((f) => f.startsWith("sam.")), [], "SAM's runs take seconds: nothing to resume");
  assert.equal(await page.$("[data-testid=checkpoint-saved]"), null);
});
