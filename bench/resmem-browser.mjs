// Browser benchmark of ResMem's kNN step (prints numbers, asserts nothing). Needs the built app
// (scripts/build-web.sh) and tests/e2e's node_modules (npm ci there). From the repository root:
//   node bench/resmem-browser.mjs [--backends flex,webgpu] [--asks N]
// For each backend the page trains one digits configuration (width 32, 1 epoch, 1 seed) and a
// one-epoch playground, then the k slider is moved N times; the worker reports how long each
// re-measurement took (kNN of the 597 test digits against the 1,200 training digits, and of the
// playground's 48 × 48 grid and 600 points against its 300 training points, reads included).
import { ROOT, start, trainToEnd } from "../tests/e2e/harness.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const backends = arg("--backends", "flex,webgpu").split(",");
const asks = Number(arg("--asks", "9"));

const b = await start();
const { page } = b;
const median = (v) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
for (const backend of backends) {
  await page.goto("about:blank");
  await b.open(`#demo=resmem&backend=${backend}&widths=32&epochs=1&seeds=1&plane_epochs=1`);
  try {
    await trainToEnd(page, 590_000);
  } catch (e) {
    console.log(`${backend}: ${e.message}`);
    continue;
  }
  const digits = [];
  const playground = [];
  for (let i = 0; i < asks; i++) {
    const k = String(6 + (i % 5));
    await page.$eval(
      "[data-testid=slider-k]",
      (input, k) => {
        input.value = k;
        input.dispatchEvent(new Event("input", { bubbles: true }));
      },
      k,
    );
    await page.waitForFunction(
      (k) =>
        document.querySelector("[data-testid=knobs]")?.dataset.k === k &&
        document.querySelector("[data-testid=knobs-state]")?.textContent.startsWith("Up to date"),
      k,
      { timeout: 300_000, polling: 20 },
    );
    const state = await page.$eval("[data-testid=knobs-state]", (s) => ({ ...s.dataset }));
    digits.push(Number(state.digitsMs));
    playground.push(Number(state.playgroundMs));
    // Move away so that the next value is a real change.
    await page.$eval("[data-testid=slider-k]", (input) => {
      input.value = "1";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await page.waitForFunction(
      () =>
        document.querySelector("[data-testid=knobs]")?.dataset.k === "1" &&
        document.querySelector("[data-testid=knobs-state]")?.textContent.startsWith("Up to date"),
      null,
      { timeout: 300_000, polling: 20 },
    );
  }
  console.log(
    `browser ${backend}: ResMem kNN, digits (597 × 1,200, width 32): median ${median(digits).toFixed(1)} ms [${digits.join(", ")}]; playground (2,904 × 300): median ${median(playground).toFixed(1)} ms`,
  );
}
await b.close();
