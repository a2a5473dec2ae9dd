// Browser benchmark of the path-star GPT's training step against flex's matrix multiply, in the
// CPU worker module (prints numbers, asserts nothing): the step's time and GFLOP/s (its work from
// the cost model over its time), and GEMM GFLOP/s at the step's own shapes and at 512³, the
// ceiling on this machine. Needs the built app (scripts/build-web.sh) and tests/e2e's
// node_modules. From the repository root:
//   node bench/kernels-browser.mjs [--steps N] [--reps N]
// Calls the module's `bench_kernels` export on a blank page of the same origin (on the main
// thread: fine for a benchmark, never done by the app).
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, start } from "../tests/e2e/harness.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const steps = arg("--steps", 30);
const reps = arg("--reps", 20);
// The step's products and the square one, as src/bench_entry/kernels.rs lists them.
const SHAPES = [
  "3968×64 · 64×192",
  "3968×64 · 64×256",
  "3968×256 · 256×64",
  "3968×64 · 64×64",
  "512×512 · 512×512",
];
const www = await readdir(join(ROOT, "dist/www"));
const cpu = `/www/${www.find((f) => f.startsWith("cpu-"))}/cpu.js`;
const b = await start();
const { page } = b;
await page.goto(`${b.origin}/www/worker.js`); // any same-origin URL: a blank document to import into
const result = await page.evaluate(
  async ([module, steps, reps]) => {
    try {
      const m = await import(module);
      await m.default();
      return Array.from(await m.bench_kernels("flex", steps, reps));
    } catch (e) {
      return String(e);
    }
  },
  [cpu, steps, reps],
);
if (typeof result === "string") {
  console.log(`browser flex: ${result}`);
} else {
  const [stepMs, stepGflops, ...gemm] = result;
  const step = `${stepMs.toFixed(1)} ms, ${stepGflops.toFixed(2)} GFLOP/s (${steps} steps)`;
  console.log(`browser flex: path-star step (reverse, defaults) ${step}`);
  SHAPES.forEach((s, i) => console.log(`browser flex: GEMM ${s}: ${gemm[i].toFixed(2)} GFLOP/s (${reps} products)`));
  const ceiling = Math.max(...gemm);
  console.log(`browser flex: the step at ${((100 * stepGflops) / ceiling).toFixed(0)} % of the fastest GEMM`);
}
await b.close();
