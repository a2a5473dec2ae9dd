// Browser benchmark of a SAM step against an SGD step on the SAM demo's network (72-64-16-2,
// 5 networks, batch 32), on flex and WebGPU (prints numbers, asserts nothing). Needs the built
// app (scripts/build-web.sh) and tests/e2e's node_modules. From the repository root:
//   node bench/sam-browser.mjs [--steps N] [--webgpu-steps N]
// Calls the module's `bench_sam_step_times` export on a blank page of the same origin (on the
// main thread: fine for a benchmark, never done by the app).
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, start } from "../tests/e2e/harness.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
// The worker modules (CPU: flex; WebGPU: wgpu), in their hashed folders of dist/.
const www = await readdir(join(ROOT, "dist/www"));
const moduleOf = (m) => `/www/${www.find((f) => f.startsWith(`${m}-`))}/${m}.js`;
const b = await start();
const { page } = b;
await page.goto(`${b.origin}/www/worker.js`); // any same-origin URL: a blank document to import into
for (const [backend, steps] of [["flex", arg("--steps", 200)], ["webgpu", arg("--webgpu-steps", 10)]]) {
  const result = await page.evaluate(
    async ([backend, steps, module]) => {
      try {
        const m = await import(module);
        await m.default();
        return Array.from(await m.bench_sam_step_times(backend, steps));
      } catch (e) {
        return String(e);
      }
    },
    [backend, steps, moduleOf(backend === "flex" ? "cpu" : "gpu")],
  );
  if (typeof result === "string") {
    console.log(`browser ${backend}: ${result}`);
  } else {
    const [sgd, sam] = result;
    console.log(`browser ${backend}: SGD ${sgd.toFixed(2)} ms/step, SAM ${sam.toFixed(2)} ms/step, SAM/SGD ${(sam / sgd).toFixed(2)}× (${steps} steps each)`);
  }
}
await b.close();
