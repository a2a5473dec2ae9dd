// Path-star beyond the default graph (issue 17): for each shape G(d, l, 50) the cheapest model
// and budget of a ladder with which reverse training reaches exact match >= 0.95 in at least 2 of
// 3 seeds, then teacher forcing (and, with --teacherless, teacherless) at that preset.
// Prints numbers and asserts nothing. From the repository root, after
// `cargo build --release --bin minima` (or with MINIMA=path/to/minima):
//   node bench/path-star-study.mjs [--teacherless] [d,l ...]      run (resumes: done runs are kept)
//   node bench/path-star-study.mjs --summarise                    only rewrite presets.json
//   node bench/path-star-study.mjs --plan [--teacherless] d,l ...  print every run not yet done
//     for those shapes (all rungs, all seeds: the ladder's decisions need no order when the runs
//     go in parallel on a lent GPU) as JSON lines for bench/device-path-star-study.py; its logs,
//     copied into bench/path-star-study/, are read like these (each names its backend).
// Each run's events go to bench/path-star-study/RUN.jsonl, ended by a line {"end": ...}; a run
// without it (the session ended) is run again. src/demos/path_star/presets.json is written from
// those logs alone, and src/demos/path_star/presets.rs reads it: commit both.
//
// The ladder, cheapest first (time per step grows about 2.5x per rung). A rung is accepted for a
// shape once 2 seeds reach 0.95, rejected once 2 seeds do not; the next rung is tried only if
// this one is rejected. Reverse runs stop at the first evaluation >= 0.95 (the schedule is that
// of the whole budget: stopping early changes nothing before it).
import { spawn } from "node:child_process";
import { writeFile, mkdtemp, mkdir, readFile, readdir, appendFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const target = process.env.CARGO_TARGET_DIR ?? "target";
const MINIMA = process.env.MINIMA ?? join(target, "release", "minima");
const DIR = join("bench", "path-star-study");
// The summary the page compiles in (src/demos/path_star/presets.rs): with the demo, not here.
const PRESETS = join("src", "demos", "path_star", "presets.json");
export const THRESHOLD = 0.95;
export const FORCED_TOLERANCE = 0.08;
export const LADDER = [
  { name: "default", model: { layers: 2, d_model: 64, heads: 2 }, steps: 3000 },
  { name: "wide", model: { layers: 2, d_model: 128, heads: 4 }, steps: 3000 },
  { name: "deep", model: { layers: 4, d_model: 128, heads: 4 }, steps: 2000 },
];
const SEEDS = [0, 1, 2];
// The order shapes are studied in: the issue's G(3, 5) first, then by cost.
export const SHAPES = [[3, 5], [2, 6], [4, 5], [3, 6], [2, 5], [5, 5], [4, 6], [5, 6]];
const EVAL = { eval_every: 250, eval_graphs: 500, labels: 50 };

const runName = (d, l, rung, mode, seed) => `d${d}-l${l}-${rung}-${mode}-s${seed}`;

function config(d, l, rung, mode, seed, steps) {
  return {
    degree: d,
    path_len: l,
    ...EVAL,
    ...rung.model,
    // The recipe every logged run used (the defaults then; the page's presets apply it:
    // STUDY_LEARNING_RATE and STUDY_WARMUP_STEPS in src/demos/path_star/presets.rs).
    learning_rate: 1e-3,
    warmup_steps: 100,
    steps,
    modes: [mode],
    data_seed: seed,
    init_seed: seed,
  };
}

async function readRun(name) {
  const file = join(DIR, `${name}.jsonl`);
  if (!existsSync(file)) return null;
  const lines = (await readFile(file, "utf8")).trim().split("\n").map((l) => JSON.parse(l));
  const end = lines.find((l) => l.end);
  if (!end) return null;
  const evaluations = lines
    .filter((e) => e.event === "result" && e.result.kind === "evaluation")
    .map((e) => e.result);
  return { config: lines[0].config, backend: lines[0].backend ?? "flex", evaluations, end };
}

// Runs one configuration (or returns its log): stops a reverse run at its first evaluation >= 0.95.
async function run(name, cfg, stopWhenReached) {
  const done = await readRun(name);
  if (done) return done;
  const dir = await mkdtemp(join(tmpdir(), "minima-path-star-study-"));
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(cfg));
  const log = join(DIR, `${name}.jsonl`);
  await writeFile(log, `${JSON.stringify({ run: name, config: cfg, date: new Date().toISOString() })}\n`);
  const t0 = Date.now();
  const child = spawn(MINIMA, ["run", "path-star", "--config", file], { stdio: ["ignore", "pipe", "inherit"] });
  let end = "finished";
  for await (const line of createInterface({ input: child.stdout })) {
    const event = JSON.parse(line);
    if (event.event === "progress") continue; // the losses are not needed here; keep logs small
    await appendFile(log, `${line}\n`);
    const e = event.event === "result" && event.result.kind === "evaluation" ? event.result : null;
    if (e) {
      const forced = e.forced.map((a) => a.toFixed(2)).join(" ");
      console.log(`  ${name} step ${String(e.step).padStart(5)}: exact ${e.exact_match.toFixed(3)} forced [${forced}]`);
      if (stopWhenReached && e.exact_match >= THRESHOLD) {
        end = "reached";
        child.kill();
      }
    } else if (event.event === "error") {
      end = "error";
      console.log(`  error: ${event.message}`);
    }
  }
  const seconds = (Date.now() - t0) / 1000;
  await appendFile(log, `${JSON.stringify({ end, seconds })}\n`);
  return readRun(name);
}

const reached = (r) => r.evaluations.find((e) => e.exact_match >= THRESHOLD)?.step ?? null;

async function studyShape(d, l, teacherless) {
  for (const rung of LADDER) {
    let yes = 0;
    let no = 0;
    for (const seed of SEEDS) {
      if (yes >= 2 || no >= 2) break;
      const r = await run(runName(d, l, rung.name, "reverse", seed), config(d, l, rung, "reverse", seed, rung.steps), true);
      if (reached(r) != null) yes++;
      else no++;
    }
    console.log(`G(${d}, ${l}) ${rung.name}: reverse reached ${THRESHOLD} in ${yes} of ${yes + no} seeds`);
    if (yes >= 2) {
      const tf = Math.min(rung.steps, 1500);
      await run(runName(d, l, rung.name, "forward", 0), config(d, l, rung, "forward", 0, tf), false);
      if (teacherless) {
        await run(runName(d, l, rung.name, "teacherless", 0), config(d, l, rung, "teacherless", 0, rung.steps), false);
      }
      return;
    }
  }
}

// presets.json from the logs alone: per shape, each rung's seeds, and the preset (the first rung
// accepted), or why there is none.
async function summarise() {
  const files = existsSync(DIR) ? (await readdir(DIR)).filter((f) => f.endsWith(".jsonl")) : [];
  const runs = {};
  for (const f of files) {
    const name = f.replace(/\.jsonl$/, "");
    const r = await readRun(name);
    if (r) runs[name] = r;
  }
  const shapes = [];
  for (const [d, l] of SHAPES) {
    const rungs = [];
    let preset = null;
    for (const rung of LADDER) {
      const seeds = SEEDS.map((s) => runs[runName(d, l, rung.name, "reverse", s)])
        .filter(Boolean)
        .map((r) => ({
          seed: r.config.data_seed,
          reached_at: reached(r),
          last_exact_match: r.evaluations.at(-1)?.exact_match ?? null,
          last_step: r.evaluations.at(-1)?.step ?? 0,
          seconds: Math.round(r.end.seconds),
          backend: r.backend,
        }));
      if (!seeds.length) continue;
      const yes = seeds.filter((s) => s.reached_at != null).length;
      const summary = { rung: rung.name, ...rung.model, steps: rung.steps, seeds, reached: yes, tried: seeds.length };
      const forward = runs[runName(d, l, rung.name, "forward", 0)];
      if (forward) {
        const last = forward.evaluations.at(-1);
        summary.forward = { step: last.step, first_decision: last.forced[1], exact_match: last.exact_match, chance: 1 / d };
      }
      const tl = runs[runName(d, l, rung.name, "teacherless", 0)];
      if (tl) {
        const last = tl.evaluations.at(-1);
        summary.teacherless = { step: last.step, exact_match: last.exact_match, forced: last.forced };
      }
      rungs.push(summary);
      if (!preset && yes >= 2) {
        const tfOk = summary.forward ? Math.abs(summary.forward.first_decision - 1 / d) <= FORCED_TOLERANCE : null;
        preset = { ...rung.model, steps: rung.steps, teacher_forcing_within_tolerance: tfOk };
      }
    }
    const outcome = preset ? "preset" : rungs.length === LADDER.length && rungs.every((r) => r.tried - r.reached >= 2) ? "nothing-learned" : "not-studied";
    shapes.push({ degree: d, path_len: l, labels: EVAL.labels, outcome, preset, rungs });
  }
  const out = {
    about: "bench/path-star-study.mjs: the cheapest rung of the ladder with which reverse training reaches exact match >= 0.95 in 2 of 3 seeds (natively: flex on a 2-core machine, or wgpu on a lent GPU; each seed names its backend)",
    threshold: THRESHOLD,
    forced_tolerance: FORCED_TOLERANCE,
    ladder: LADDER,
    evaluation: EVAL,
    shapes,
  };
  await writeFile(PRESETS, `${JSON.stringify(out, null, 1)}\n`);
  for (const s of shapes) {
    const p = s.preset ? `${s.preset.layers}x${s.preset.d_model}x${s.preset.heads}, ${s.preset.steps} steps` : s.outcome;
    console.log(`G(${s.degree}, ${s.path_len}, 50): ${p}  ${s.rungs.map((r) => `${r.rung} ${r.reached}/${r.tried}`).join(", ")}`);
  }
}

// Every run of the shapes' ladders still needed, whatever the other rungs give: for each rung not
// yet decided (2 seeds reached, or 2 did not), reverse at the seeds without a finished log
// (stopped at the threshold); for each rung not yet rejected, teacher forcing (and teacherless)
// at seed 0.
async function plan(shapes, teacherless) {
  const out = [];
  for (const [d, l] of shapes) {
    for (const rung of LADDER) {
      const done = (await Promise.all(SEEDS.map((s) => readRun(runName(d, l, rung.name, "reverse", s))))).filter(Boolean);
      const yes = done.filter((r) => reached(r) != null).length;
      if (done.length - yes >= 2) continue;
      const runs = yes >= 2 ? [] : SEEDS.map((seed) => ["reverse", seed, rung.steps, true]);
      runs.push(["forward", 0, Math.min(rung.steps, 1500), false]);
      if (teacherless) runs.push(["teacherless", 0, rung.steps, false]);
      for (const [mode, seed, steps, stop] of runs) {
        const name = runName(d, l, rung.name, mode, seed);
        if (await readRun(name)) continue;
        out.push({ name, config: config(d, l, rung, mode, seed, steps), stop_at: stop ? THRESHOLD : null });
      }
    }
  }
  return out;
}

const args = process.argv.slice(2);
await mkdir(DIR, { recursive: true });
if (args.includes("--plan")) {
  const picked = args.filter((a) => !a.startsWith("--")).map((a) => a.split(",").map(Number));
  for (const r of await plan(picked.length ? picked : SHAPES, args.includes("--teacherless"))) console.log(JSON.stringify(r));
  process.exit(0);
}
if (!args.includes("--summarise")) {
  const teacherless = args.includes("--teacherless");
  const picked = args.filter((a) => !a.startsWith("--")).map((a) => a.split(",").map(Number));
  for (const [d, l] of picked.length ? picked : SHAPES) {
    console.log(`\nG(${d}, ${l}, 50)`);
    await studyShape(d, l, teacherless);
    await summarise();
  }
}
await summarise();
