// End to end: the real page trains the path-star demo in headless Chromium on flex, small, in
// parallel workers, and every evaluation read back from the DOM equals what `minima run` computes
// natively for the same settings; the trained models answer a typed graph; bad input is named; the
// study's presets are offered; a plateau is announced. The defaults' claims (reverse solves the task,
// teacher forcing stays at 1/d) are the science test's, judged natively at the same settings, and the
// time the page takes to decide them is the time-to-verdict benchmark's (bench/time-to-verdict.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { assertClaimsAsNative, assertShown, defaults, hashOf, native, results, start, text, ROOT } from "./harness.mjs";

const SHOTS = process.env.MINIMA_SCREENSHOTS ?? `${ROOT}/tests/e2e/screenshots`;
// Teacher forcing and reverse, small: 60 steps of batch 32, evaluated at 30 and 60 on 100 graphs.
// The paper's effect at its scale (reverse solves the task, teacher forcing stays at 1/d) is the
// science test's (tests/science_path_star.rs); here the page must show what the same code computes
// natively for the same settings.
const SMALL = { modes: ["forward", "reverse"], steps: 60, warmup_steps: 10, batch_size: 32, eval_every: 30, eval_graphs: 100 };

let browser;
before(async () => {
  browser = await start();
  await mkdir(SHOTS, { recursive: true });
});
after(async () => browser?.close());

/** Every evaluation in the page's table: {mode, step, exact, forced[]}, and the texts shown. */
async function evaluations(page) {
  return page.$$eval("[data-testid=evaluations] tbody tr", (rows) =>
    rows.map((r) => ({
      mode: r.dataset.mode,
      step: Number(r.dataset.step),
      exact: Number(r.dataset.exact),
      exactText: r.dataset.exact,
      forced: r.dataset.forced.split(" ").map(Number),
      forcedText: r.dataset.forced,
    })),
  );
}

async function waitForEvaluation(page, mode, minStep, timeout) {
  await page.waitForFunction(
    ([mode, minStep]) =>
      document.querySelector("[data-testid=error]") ||
      [...document.querySelectorAll("[data-testid=evaluations] tbody tr")].some(
        (r) => r.dataset.mode === mode && Number(r.dataset.step) >= minStep,
      ),
    [mode, minStep],
    { timeout, polling: 1000 },
  );
  const error = await page.$("[data-testid=error]");
  if (error) throw new Error(`training failed: ${await error.textContent()}`);
}

test("the page trains both modes in parallel workers and shows exactly what the native run computes", { timeout: 600_000 }, async () => {
  const { page } = browser;
  await browser.open(hashOf("path-star", SMALL));
  assert.match(await text(page, "status"), /^Ready: 2 modes × 60 steps on CPU/);
  await page.click("[data-testid=train]");
  // On a machine of two cores or more the two modes train in parallel workers, one each.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const cdp = await browser.context.newCDPSession(page);
  const workers = async () =>
    (await cdp.send("Target.getTargets")).targetInfos.filter((t) => t.type === "worker" && t.url.endsWith("/www/worker.js")).length;
  const deadline = Date.now() + 30_000;
  while ((await workers()) < (cores > 1 ? 2 : 1) && Date.now() < deadline) await page.waitForTimeout(200);
  assert.equal(await workers(), cores > 1 ? 2 : 1, `workers for 2 modes on ${cores} cores`);
  await waitForEvaluation(page, "reverse", SMALL.steps, 300_000);
  await waitForEvaluation(page, "forward", SMALL.steps, 300_000);

  // Every evaluation on the page is the native run's, to the page's precision, and so are the
  // trained models' paths for a graph of our own: arms 40→3→17→25→9 and 40→8→12→31→44, the goal
  // 44. (The science test asks the same of models trained at the paper's scale: reverse finds it.)
  const graph = "3,17|40,8|17,25|8,12|25,9|40,3|12,31|31,44/40,44";
  const events = results(native("path-star", SMALL, [{ text: graph }]));
  const shown = await evaluations(page);
  const computed = events.filter((r) => r.kind === "evaluation");
  console.log(`# page: ${JSON.stringify(shown)}`);
  assert.equal(shown.length, 6, "2 modes × evaluations at steps 25 (first_eval), 30 and 60");
  assert.equal(computed.length, shown.length, "the native run evaluated as often");
  for (const e of shown) {
    const n = computed.find((c) => c.mode === e.mode && c.step === e.step);
    assert.ok(n, `the native run has no ${e.mode} evaluation at step ${e.step}`);
    assertShown(e.exactText, n.exact_match, 4, `${e.mode} exact match at step ${e.step}`);
    assert.equal(e.forcedText, n.forced.map((a) => a.toFixed(2)).join(" "), `${e.mode} forced accuracy at step ${e.step}`);
  }
  // The card judges the claims of this short run as the command line does: 60 steps decide
  // neither in favour (reverse has not solved the task; teacher forcing has not learned the cheat).
  const claims = await assertClaimsAsNative(page, "path-star", SMALL);
  assert.equal(claims.length, 2);

  await page.fill("[data-testid=ask-text]", graph);
  await page.click("[data-testid=ask]");
  // Each worker answers for its own mode: the page fills in both as they arrive.
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=answers] .star-graph .verdict").length === 2, null, {
    timeout: 120_000,
  });
  const answers = await page.$$eval("[data-testid=answers] .star-graph", (figs) =>
    figs.map((f) => [f.querySelector("figcaption").textContent, f.querySelector(".verdict").textContent]),
  );
  console.log(`# answers to the typed graph: ${JSON.stringify(answers)}`);
  const paths = events.find((r) => r.kind === "answer").paths;
  const verdict = (mode) => {
    const path = paths.find((p) => p.mode === mode).path;
    const right = path.join(",") === "40,8,12,31,44";
    return `${path.join(" → ")} ${right ? "✓" : "✗"}`;
  };
  assert.deepEqual(answers, [
    ["teacher forcing (step 60)", verdict("forward")],
    ["reverse (step 60)", verdict("reverse")],
  ]);
  // Where the models look: a map per mode, block and head for the typed graph, and the table over
  // held-out graphs, each row a distribution (answer edge + other edges + elsewhere = 1), equal to
  // the native run's.
  const focus = events.find((r) => r.kind === "answer").focus;
  await page.waitForFunction((n) => document.querySelectorAll("[data-testid=attention-table] tbody tr").length === n, focus.length, {
    timeout: 60_000,
  });
  const maps = await page.$$eval("[data-testid=attention-map]", (figs) =>
    figs.map((f) => `${f.dataset.mode} ${f.dataset.block} ${f.dataset.head} ${f.querySelectorAll("tbody tr").length}`),
  );
  assert.deepEqual(maps.sort(), ["forward 0 0 5", "forward 0 1 5", "forward 1 0 5", "forward 1 1 5",
    "reverse 0 0 5", "reverse 0 1 5", "reverse 1 0 5", "reverse 1 1 5"], "a map per mode, block and head, a row per node");
  const rows = await page.$$eval("[data-testid=attention-table] tbody tr", (trs) =>
    trs.map((r) => ({ mode: r.dataset.mode, position: Number(r.dataset.position), block: Number(r.dataset.block),
      answer: Number(r.dataset.answer), other: Number(r.dataset.other), rest: Number(r.dataset.rest) })),
  );
  assert.equal(rows.length, 2 * 4 * 2, "2 modes × 4 nodes after the first × 2 blocks");
  for (const r of rows) {
    for (const v of [r.answer, r.other, r.rest]) assert.ok(Number.isFinite(v) && v >= 0 && v <= 1, JSON.stringify(r));
    assert.ok(Math.abs(r.answer + r.other + r.rest - 1) < 1e-4, `row sums to 1: ${JSON.stringify(r)}`);
    const n = focus.find((f) => f.mode === r.mode && f.position === r.position && f.block === r.block);
    assert.ok(n, `the native run has no row ${JSON.stringify(r)}`);
    assert.ok(Math.abs(n.answer_edge - r.answer) < 1e-5 && Math.abs(n.rest - r.rest) < 1e-5, `${JSON.stringify(r)} vs ${JSON.stringify(n)}`);
  }
  const reading = await page.$$eval("[data-testid=attention-reading] li", (lis) => lis.map((l) => l.textContent));
  assert.equal(reading.length, 2, "a sentence per mode");
  assert.match(reading[0], /^Teacher forcing \(step 60\), last block: writing the nodes that are edge lookups, \d+ % of its attention/);
  // The headline numbers and the per-position bars show the same measurements.
  const reverse = shown.filter((e) => e.mode === "reverse");
  const last = shown.filter((e) => e.mode === "forward").at(-1);
  assert.equal(Number(await text(page, "exact-reverse")), reverse.at(-1).exact);
  const bar = await page.getAttribute("[data-testid=forward-forced-3]", "data-value");
  assert.ok(Math.abs(Number(bar) - last.forced[2]) < 0.01, `bar ${bar} vs ${last.forced[2]}`);
  await page.screenshot({ path: `${SHOTS}/path-star-flex.png`, fullPage: true });
});

test("a typed graph that is not a star of the trained shape is explained, not sent", async () => {
  const { page } = browser;
  await browser.open("#demo=path-star&backend=flex");
  await page.fill("[data-testid=ask-text]", "1,2|2,3/1,3");
  assert.match(await page.textContent(".ask [role=alert]"), /a G\(2, 5, 50\) graph has 8 edges; this one has 2/);
  assert.equal(await page.isDisabled("[data-testid=ask]"), true);
});

test("bad path-star URL values are named and replaced by defaults", async () => {
  const { page } = browser;
  await browser.open("#demo=path-star&backend=flex&heads=3&modes=forward,sideways&degree=99");
  const problems = await text(page, "problems");
  assert.match(problems, /modes: 'sideways' is not one of forward, reverse, teacherless/);
  assert.match(problems, /degree: 99 is outside 2..=10/);
  assert.match(problems, /heads/);
  assert.match(await text(page, "status"), new RegExp(`^Ready: 2 modes × ${defaults("path-star").steps} steps`));
});

test("changing the degree to 3 offers the study's preset, with its time here, in one click", async () => {
  const { page } = browser;
  await browser.open("#demo=path-star&backend=flex");
  assert.equal(await page.$("[data-testid=preset]"), null, "no offer at the default shape and model");
  await page.fill("#setting-degree", "3");
  await page.press("#setting-degree", "Tab");
  // The setting reaches the address first; a failure here says whether the typed value was lost
  // (the field reads 2 again) or not applied (it reads 3; CI once saw no offer within 30 s).
  const applied = await page.waitForFunction(() => /[#&]degree=3(&|$)/.test(location.hash), null, { timeout: 30_000 })
    .then(() => true, () => false);
  assert.ok(applied, `degree=3 reached the address (the field reads ${await page.inputValue("#setting-degree")}; ${page.url()})`);
  await page.waitForSelector("[data-testid=preset]");
  const study = JSON.parse(await readFile(new URL("../../src/demos/path_star/presets.json", import.meta.url), "utf8"));
  const preset = study.shapes.find((s) => s.degree === 3 && s.path_len === 5).preset;
  assert.ok(preset, "the study has a preset for G(3, 5, 50)");
  const offer = await text(page, "preset");
  console.log(`offer: ${offer}`);
  assert.match(offer, new RegExp(`^For G\\(3, 5, 50\\) the study's preset is ${preset.layers} layers, width ${preset.d_model}, ${preset.heads} heads, ${preset.steps.toLocaleString("en-US")} steps: reverse training reached exact match 0.95 in \\d of the \\d seeds run`));
  assert.match(offer, /With it: ≈ [\d,]+ parameters · [\d.]+ [MG]B at its peak · (about [\d.]+ (s|min|h) on this CPU|its time is estimated once)/);
  await page.click("[data-testid=preset-apply]");
  await page.waitForFunction(() => /^These are the study's settings for G\(3, 5, 50\)/.test(document.querySelector("[data-testid=preset]")?.textContent));
  for (const key of ["layers", "d_model", "heads", "steps"]) {
    assert.equal(await page.inputValue(`#setting-${key}`), String(preset[key]), key);
    assert.match(page.url(), new RegExp(`${key}=${preset[key]}`));
  }
  await page.fill("#setting-labels", "40");
  await page.press("#setting-labels", "Tab");
  await page.waitForFunction(() => /^No calibrated preset for G\(3, 5, 40\)/.test(document.querySelector("[data-testid=preset]")?.textContent));
});

test("a run that sits on a plateau says so within its first evaluations, with what a plateau is and what ends it", async () => {
  const { page } = browser;
  // The configuration of tests/science_path_star.rs's plateau test.
  await browser.open("#demo=path-star&backend=flex&degree=3&modes=reverse&batch_size=32&steps=200&learning_rate=0.001&warmup_steps=10&eval_every=25&eval_graphs=100");
  await page.click("[data-testid=train]");
  await page.waitForSelector("[data-testid=plateau][data-state=on]", { timeout: 180_000 });
  const notice = await text(page, "plateau");
  console.log(`plateau notice: ${notice.slice(0, 160)} … at ${await text(page, "status")}`);
  assert.match(notice, /^Reverse[^.]* is on a plateau since step (\d+) \(still at step \d+\): its loss has stopped falling and its accuracy is at chance\./);
  const since = Number(notice.match(/since step (\d+)/)[1]);
  assert.ok(since <= 150, `noticed from step ${since}`);
  assert.match(notice, /fewer than 5 % of paths are right/);
  assert.match(notice, /can last thousands of steps/);
  assert.match(notice, /preset|larger model/);
  const positions = await page.locator(".figure", { hasText: "Where the path goes wrong" }).textContent();
  assert.match(positions, /on a plateau since step/, "the position chart's title marks the plateau");
});

test("no request left the origin and the console has no errors", () => {
  assert.deepEqual(browser.foreignRequests(), []);
  assert.deepEqual(browser.consoleErrors, []);
});
