// Starts the page (index.html loads this file: a Content-Security-Policy without inline
// scripts). scripts/dist.mjs points the import at the hashed ui module.
import init, { start_app } from "./ui/ui.js";

// This device's speed for the time estimates (src/estimate/calibrate.rs, which calls it once per
// browser): a 48 × 48 matrix product timed in 10 ms slices for 0.2 s; the fastest slice's million
// floating-point operations per second.
globalThis.minimaCalibrate = () => {
  const n = 48;
  const [a, b, out] = [new Float32Array(n * n), new Float32Array(n * n), new Float32Array(n * n)];
  for (let i = 0; i < n * n; i++) [a[i], b[i]] = [((i % 7) - 3) * 0.25, ((i % 5) - 2) * 0.5];
  const product = () => {
    out.fill(0);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const x = a[i * n + k];
        for (let j = 0; j < n; j++) out[i * n + j] += x * b[k * n + j];
      }
    }
  };
  const started = performance.now();
  let best = 0;
  while (performance.now() - started < 200) {
    const slice = performance.now();
    let [products, ms] = [0, 0];
    do {
      product();
      products += 1;
      ms = performance.now() - slice;
    } while (ms < 10);
    best = Math.max(best, (products * 2 * n ** 3) / (ms / 1000) / 1e6);
  }
  return best;
};
init()
  .then(() => {
    start_app();
    document.documentElement.dataset.ready = "1";
  })
  .catch((error) => {
    const app = document.getElementById("app");
    app.innerHTML = "";
    const p = document.createElement("p");
    p.className = "problems";
    p.setAttribute("role", "alert");
    p.textContent = `minima could not start: ${error}. It needs a browser with WebAssembly; was the app built (see README)?`;
    app.append(p);
  });
