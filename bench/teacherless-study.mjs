// How far teacherless training gets at small scale (prints numbers, asserts nothing). Runs the
// command-line runner natively on flex for each configuration below and prints exact match and
// teacher-forced accuracy by position at each evaluation. From the repository root, after
// `cargo build --release --bin minima` (or with MINIMA=path/to/minima):
//   node bench/teacherless-study.mjs [name ...]
// Each run takes minutes to tens of minutes on 2 cores; name the ones to run, or run them all.
// Every run's events are also written to bench/teacherless/NAME.jsonl: commit them, since the
// README quotes only numbers that come from a committed log.
import { spawn } from "node:child_process";
import { writeFile, mkdtemp, mkdir, appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const target = process.env.CARGO_TARGET_DIR ?? "target";
const MINIMA = process.env.MINIMA ?? join(target, "release", "minima");
const T = { modes: ["teacherless"] };
const RUNS = {
  "reference-10k": { ...T, steps: 10000, eval_every: 1000 },
  "l4": { ...T, path_len: 4, steps: 3000, eval_every: 250 },
  "l3": { ...T, path_len: 3, steps: 1500, eval_every: 250 },
  "l3-6k": { ...T, path_len: 3, steps: 6000, eval_every: 500 },
  "l3-4-layers": { ...T, path_len: 3, layers: 4, steps: 1500, eval_every: 250 },
  "l3-N10": { ...T, path_len: 3, labels: 10, steps: 4000, eval_every: 500 },
  "l3-lr3e-3": { ...T, path_len: 3, learning_rate: 0.003, min_learning_rate: 0.0003, steps: 3000, eval_every: 500 },
  "4-layers-d128": { ...T, layers: 4, d_model: 128, heads: 4, steps: 1500, eval_every: 250 },
};
const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(RUNS);
const dir = await mkdtemp(join(tmpdir(), "minima-teacherless-"));
const logs = join("bench", "teacherless");
await mkdir(logs, { recursive: true });
for (const name of names) {
  const config = RUNS[name];
  if (!config) throw new Error(`unknown run '${name}': ${Object.keys(RUNS).join(", ")}`);
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(config));
  console.log(`\n${name}: ${JSON.stringify(config)}`);
  const t0 = Date.now();
  const log = join(logs, `${name}.jsonl`);
  await writeFile(log, `${JSON.stringify({ run: name, config, date: new Date().toISOString() })}\n`);
  const child = spawn(MINIMA, ["run", "path-star", "--config", file], { stdio: ["ignore", "pipe", "inherit"] });
  for await (const line of createInterface({ input: child.stdout })) {
    await appendFile(log, `${line}\n`);
    const event = JSON.parse(line);
    const e = event.event === "result" && event.result.kind === "evaluation" ? event.result : null;
    if (e) {
      const forced = e.forced.map((a) => a.toFixed(2)).join(" ");
      console.log(`  step ${String(e.step).padStart(5)}: exact match ${e.exact_match.toFixed(3)}  forced by position [${forced}]`);
    } else if (event.event === "error") {
      console.log(`  error: ${event.message}`);
    }
  }
  console.log(`  ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
