#!/usr/bin/env node
// The native tests (release), their binaries run side by side: `cargo test` runs one test binary
// after another, and most science binaries are one test that trains on one core, so on 2 cores
// half the machine idled through the longest stage of CI.
//   node scripts/native-tests.mjs [--jobs N] [-- TEST-ARGS...]
// Builds every test binary (`cargo test --release --no-run`), then runs them N at a time (default:
// the cores), the longest first by the durations of the last run (kept in
// ~/.cache/minima/native-test-seconds.json; a binary never timed goes first). Each binary's output
// is printed whole once it ends, with its time; the doc tests run last. TEST-ARGS go to every
// binary (test.sh passes --show-output, and --include-ignored for --long). Exits 1 when any fails,
// naming them.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, homedir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const split = args.indexOf("--");
const own = split < 0 ? args : args.slice(0, split);
const testArgs = split < 0 ? [] : args.slice(split + 1);
const jobsAt = own.indexOf("--jobs");
const jobs = jobsAt < 0 ? availableParallelism() : Number(own[jobsAt + 1]);
if (!Number.isInteger(jobs) || jobs < 1) {
  console.error(`native-tests: --jobs needs a whole number ≥ 1, got '${own[jobsAt + 1]}'`);
  process.exit(2);
}

const cargo = (sub, extra, options = {}) =>
  spawnSync("bash", [join(root, "scripts/cargo.sh"), sub, "--release", ...extra], { cwd: root, ...options });

// 1. Build, keeping cargo's messages on stderr and its list of test executables.
const built = cargo("test", ["--no-run", "--message-format=json-render-diagnostics"], {
  stdio: ["ignore", "pipe", "inherit"],
  maxBuffer: 1 << 28,
});
if (built.status !== 0) process.exit(built.status ?? 1);
const binaries = [];
for (const line of built.stdout.toString().split("\n")) {
  if (!line.startsWith("{")) continue;
  const message = JSON.parse(line);
  if (message.reason === "compiler-artifact" && message.profile?.test && message.executable) {
    const source = relative(root, message.target.src_path);
    binaries.push({ name: source, path: message.executable });
  }
}
if (binaries.length === 0) {
  console.error("native-tests: cargo built no test binary");
  process.exit(1);
}

// 2. Run them, the longest first.
const timesPath = join(homedir(), ".cache/minima/native-test-seconds.json");
const last = existsSync(timesPath) ? JSON.parse(readFileSync(timesPath, "utf8")) : {};
binaries.sort((a, b) => (last[b.name] ?? Infinity) - (last[a.name] ?? Infinity));
console.log(`${binaries.length} test binaries, ${jobs} at a time`);

// glibc's malloc returns every freed block over 128 KiB to the kernel and faults it in again on the
// next training step: the down-scaling science test spent 25 of 40 s in the kernel, 0.8 s with
// blocks up to 32 MiB (glibc's largest threshold) kept in a heap that keeps 1 GiB of freed memory
// (the `minima` binary sets the same with mallopt, src/bin/minima.rs).
const KEEP_FREED_MEMORY = { MALLOC_MMAP_THRESHOLD_: String(32 << 20), MALLOC_TRIM_THRESHOLD_: String(1 << 30) };

const run = ({ name, path }) =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(path, testArgs, { cwd: root, env: { ...process.env, ...KEEP_FREED_MEMORY } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code, signal) => {
      const seconds = (Date.now() - started) / 1000;
      const status = code === 0 ? "ok" : `FAILED (${signal ?? `exit ${code}`})`;
      console.log(`\n     Running ${name} (${path}): ${status} in ${seconds.toFixed(1)} s\n${output}`);
      resolve({ name, ok: code === 0, seconds });
    });
  });

const queue = [...binaries];
const results = [];
await Promise.all(
  Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    while (queue.length > 0) results.push(await run(queue.shift()));
  }),
);

// 3. The doc tests, which cargo runs through rustdoc rather than a binary.
const doc = cargo("test", ["--doc"], { stdio: "inherit" });
results.push({ name: "doc tests", ok: doc.status === 0, seconds: 0 });

mkdirSync(dirname(timesPath), { recursive: true });
writeFileSync(
  timesPath,
  JSON.stringify(Object.fromEntries(results.filter((r) => r.seconds > 0).map((r) => [r.name, r.seconds]))),
);
const failed = results.filter((r) => !r.ok).map((r) => r.name);
if (failed.length > 0) {
  console.error(`\nnative-tests: failed: ${failed.join(", ")}`);
  process.exit(1);
}
console.log(`\nnative-tests: all ${results.length - 1} test binaries and the doc tests passed`);
