// docs/benchmarks.md's generated blocks `benchmarks` and `sizes` (see scripts/readme-numbers.mjs).
import { lines, number, table } from "./_format.mjs";

export const blocks = {
  // Download sizes of the three modules, from `node bench/size.mjs --log bench/results-size.log`;
  // the test command checks every build against that log (`--compare`, within 2 %).
  sizes() {
    const log = "bench/results-size.log";
    const row = (label) => lines(log, new RegExp(`^${label.replace(/[()+]/g, "\\$&")} \\|`))[0].split(" | ");
    const mb = (r, i) => `${Number(r[i]).toFixed(2)} MB`;
    const group = (label, name) => {
      const r = row(label);
      return [name, mb(r, 2), mb(r, 3), mb(r, 4)];
    };
    return `Download sizes of \`dist/\` (\`${log}\`; MB = 10⁶ bytes):\n\n${table(
      ["what", "raw", "gzip", "Brotli"],
      [
        group("page (index.html, style.css, ui module)", "the page (ui module, index.html, style.css)"),
        group("CPU worker (worker.js, cpu module)", "the CPU worker (cpu module, worker.js)"),
        group("first load (page + CPU worker)", "**first load: page + CPU worker**"),
        group("WebGPU worker (worker-webgpu.js, gpu module)", "the WebGPU worker, fetched only for WebGPU runs"),
      ],
    )}`;
  },
  benchmarks() {
    const h200 = "bench/results-h200-2026-11-27.log";
    const wgpu = lines(h200, /^wgpu width .* steps\/s/).map((l) => number(l, /([\d.]+) steps\/s/));
    const flex = lines(h200, /^flex width .* steps\/s/).map((l) => number(l, /([\d.]+) steps\/s/));
    const torch = (device) => lines(h200, new RegExp(`^pytorch .* ${device}:`)).map((l) => number(l, /([\d.]+) steps\/s/));
    const sweep = number(lines(h200, /"steps":15200/)[0], /"seconds":([\d.]+)/);
    const int = (v) => Math.round(v).toLocaleString("en");
    const span = (values) => `${int(Math.min(...values))} – ${int(Math.max(...values))}`;
    const sam = "bench/results-sam-browser-2026-11-27.log";
    const ratio = (line) => number(line, /SAM\/SGD ([\d.]+)×/).toFixed(2);
    const [samFlex, samGpu] = [lines(sam, /^browser flex/)[0], lines(sam, /^browser webgpu/)[0]];
    const samNative = lines(sam, /^CPU \(burn flex\)/)[0];
    const samH200 = number(lines("bench/results-sam-h200-2026-11-27.log", /SAM \/ SGD step time/)[0], /([\d.]+)×/);
    const ps = "bench/results-path-star-browser-2026-11-27.log";
    const psFlex = number(lines(ps, /^minima flex/)[0], /\(([\d.]+) ms\/step/);
    const psTf = number(lines(ps, /^ratio minima flex \/ TensorFlow.js 4.22 wasm/)[0], /: ([\d.]+)/);
    // The same benchmark after the CPU worker got simd128 and the vectorised GELU, on a slower
    // machine (TensorFlow.js's own step took 1.44× as long): compare the ratios.
    const ps2 = "bench/results-path-star-browser-2026-11-30.log";
    const ps2Flex = number(lines(ps2, /^minima flex/)[0], /\(([\d.]+) ms\/step/);
    const ps2Tf = number(lines(ps2, /^ratio minima flex \/ TensorFlow.js 4.22 wasm/)[0], /: ([\d.]+)/);
    const rayon = "bench/results-native-rayon-2026-11-30.log";
    const [gpt1, gpt2] = lines(rayon, /path-star GPT .* teacher forcing/).map((l) => number(l, /\(([\d.]+) ms\/step\)/));
    const headline = lines(ps2, /^headline:/)[0];
    const headlineSeconds = number(headline, /: ([\d.]+) s \(/);
    const headlineWorkers = number(headline, /\((\d+) workers/);
    return `From the logs named in each row (batched MLPs on digits, batch 8, unless said otherwise):\n\n${table(
      ["where", "what", "measured", "log"],
      [
        ["NVIDIA H200 machine, native", "burn flex (CPU), steps/s", span(flex), `\`${h200}\``],
        ["NVIDIA H200, native", "burn wgpu on Vulkan, steps/s", `${span(wgpu)}; default sweep (15,200 steps) in ${sweep.toFixed(1)} s`, `\`${h200}\``],
        ["same H200 machine", "PyTorch 2.11 CUDA / CPU (16 cores), steps/s", `${span(torch("cuda"))} / ${span(torch("cpu"))}`, `\`${h200}\``],
        ["2-core dev machine, headless Chromium", "path-star GPT (batch 128) on flex", `${psFlex} ms/step, ${psTf}× TensorFlow.js 4.22's wasm backend`, `\`${ps}\``],
        ["2-core machine (slower), headless Chromium", "the same, CPU worker with simd128 and the vectorised GELU", `${ps2Flex} ms/step, ${ps2Tf}× TensorFlow.js 4.22's wasm backend`, `\`${ps2}\``],
        ["same run", "default path-star page, Train until teacher forcing and reverse are evaluated at step 500", `${headlineSeconds.toFixed(0)} s (${headlineWorkers} workers)`, `\`${ps2}\``],
        ["2-core machine, native", "path-star GPT on flex with burn's rayon feature, 1 → 2 threads", `${gpt1} → ${gpt2} ms/step`, `\`${rayon}\``],
        ["2-core dev machine", "SAM step ÷ SGD step", `browser flex ${ratio(samFlex)}×, browser WebGPU (SwiftShader) ${ratio(samGpu)}×, native flex ${ratio(samNative)}×; H200 wgpu ${samH200.toFixed(2)}×`, `\`${sam}\`, \`bench/results-sam-h200-2026-11-27.log\``],
      ],
    )}`;
  },
};
