// The distillation demo's limits (issue 19), measured natively: the default run and the runs
// where the pilot saw the effect vanish (no flipped labels, SGD + momentum, a teacher trained 300
// epochs), 40 % flipped labels, and the student switched from labels to the teacher midway.
// Prints numbers and asserts nothing. From the repository root, after
// `cargo build --release --bin minima` (or with MINIMA=path/to/minima):
//   node bench/distillation-limits.mjs
// writes src/demos/distillation/limits.json, which the page shows (src/demos/distillation/limits.rs
// reads it at compile time and its test checks every variant it links is in it): commit it.
import { spawn } from "node:child_process";
import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir, cpus } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const target = process.env.CARGO_TARGET_DIR ?? "target";
const MINIMA = process.env.MINIMA ?? join(target, "release", "minima");
const OUT = join("src", "demos", "distillation", "limits.json");

// Each variant: a key and the settings it changes from the defaults (as the page's link sets them).
export const VARIANTS = [
  { key: "default", settings: {} },
  { key: "no-flip", settings: { flip_fraction: 0 } },
  { key: "flip-40", settings: { flip_fraction: 0.4 } },
  { key: "teacher-300", settings: { epochs: 300 } },
  { key: "sgd-0.01", settings: { optimizer: "sgd_momentum", learning_rate: 0.01 } },
  { key: "sgd-0.05", settings: { optimizer: "sgd_momentum", learning_rate: 0.05 } },
  { key: "sgd-0.1", settings: { optimizer: "sgd_momentum", learning_rate: 0.1 } },
  { key: "switch-50", settings: { switch_epoch: 50 } },
  { key: "labels-only", settings: { switch_epoch: 100 } },
];

async function run(settings) {
  const dir = await mkdtemp(join(tmpdir(), "minima-limits-"));
  const file = join(dir, "config.json");
  await writeFile(file, JSON.stringify(settings));
  const child = spawn(MINIMA, ["run", "distillation", "--config", file], { stdio: ["ignore", "pipe", "inherit"] });
  let classifier = null;
  for await (const line of createInterface({ input: child.stdout })) {
    const event = JSON.parse(line);
    if (event.event === "result" && event.result.kind === "classifier") classifier = event.result;
    if (event.event === "error") throw new Error(event.message);
  }
  const code = await new Promise((resolve) => child.on("close", resolve));
  if (code !== 0 || !classifier) throw new Error(`minima exited with ${code} and no classifier result`);
  return classifier;
}

const variants = [];
for (const { key, settings } of VARIANTS) {
  const started = Date.now();
  const result = await run(settings);
  const pairs = result.pairs;
  const mean = (f) => pairs.reduce((a, p) => a + f(p), 0) / pairs.length;
  console.log(
    `${key.padEnd(12)} slope ${mean((p) => p.slope).toFixed(3)}  least confident ${mean((p) => p.least_confident_gap).toFixed(3)}  ` +
      `teacher fit ${mean((p) => p.teacher_fit).toFixed(3)}  test ${mean((p) => p.test_accuracy[0]).toFixed(3)} / ${mean((p) => p.test_accuracy[1]).toFixed(3)}  ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  variants.push({ key, settings, pairs, seconds: Math.round(result.seconds) });
}
const log = {
  command: "node bench/distillation-limits.mjs (minima run distillation --config FILE per variant)",
  machine: `${cpus().length}-core CPU, flex, RAYON_NUM_THREADS=${process.env.RAYON_NUM_THREADS ?? "all"}`,
  date: new Date().toISOString().slice(0, 10),
  variants,
};
await writeFile(OUT, JSON.stringify(log, null, 1) + "\n");
console.log(`wrote ${OUT}`);
