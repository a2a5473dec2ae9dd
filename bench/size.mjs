// Download sizes of the production site (dist/, from scripts/build-web.sh): each file raw, gzip
// and Brotli (its precompressed twins), summed into what a visitor downloads. Prints; asserts
// nothing by itself. Run from the repository root:
//   node bench/size.mjs [--log bench/results-size.log]   print, and write the log docs/benchmarks.md's
//                                                       sizes block is generated from
//   node bench/size.mjs --compare bench/results-size.log  exit 1 when a group's size moved more
//                                                       than 2 % from that log (scripts/test.sh, after
//                                                       every build): then rewrite the log and block
// The comparison allows 2 %, not 0: a clone's path is in the panic locations of the modules that
// build.rs declares, so two clones' builds differ by a few hundred bytes, and Brotli's output moves
// more than its input (the WebGPU module: 5 KB smaller raw, 26 KB larger in Brotli, 1.2 %).
// - first load: the page (index.html, style.css, the ui module) and the CPU worker (worker.js,
//   the cpu module), the same on every demo: a demo page is one route of index.html;
// - WebGPU: the gpu module and its worker script, fetched only when a run uses WebGPU.
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const DIST = resolve(fileURLToPath(import.meta.url), "../../dist");
const logAt = process.argv.indexOf("--log");
const compareAt = process.argv.indexOf("--compare");

async function files(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(path)));
    else if (!/\.(br|gz)$/.test(e.name)) out.push(path);
  }
  return out;
}

/// Raw, gzip and Brotli bytes of one file: a missing twin means the file is sent as it is.
async function sizes(path) {
  const raw = (await stat(path)).size;
  const twin = async (ext) => (await stat(path + ext).catch(() => null))?.size ?? raw;
  return { raw, gzip: await twin(".gz"), br: await twin(".br") };
}

const all = await files(DIST);
const www = await readdir(join(DIST, "www"));
const folder = (m) => www.find((f) => f.startsWith(`${m}-`));
const inFolder = (m) => (folder(m) ? all.filter((p) => p.includes(`/www/${folder(m)}/`)) : []);
const groups = {
  "page (index.html, style.css, ui module)": [join(DIST, "index.html"), join(DIST, "www/style.css"), ...inFolder("ui")],
  "CPU worker (worker.js, cpu module)": [join(DIST, "www/worker.js"), ...inFolder("cpu")],
  "WebGPU worker (worker-webgpu.js, gpu module)": folder("gpu") ? [join(DIST, "www/worker-webgpu.js"), ...inFolder("gpu")] : [],
};
if (!groups["page (index.html, style.css, ui module)"].some((p) => p.endsWith("ui_bg.wasm"))) {
  throw new Error("no ui module in dist/: run bash scripts/build-web.sh first");
}

const mb = (b) => (b / 1e6).toFixed(3);
const lines = ["# minima download sizes of dist/ (MB = 10^6 bytes), from node bench/size.mjs"];
lines.push("group | files | raw MB | gzip MB | brotli MB");
const totals = {};
for (const [name, paths] of Object.entries(groups)) {
  const t = { raw: 0, gzip: 0, br: 0 };
  for (const p of paths) {
    const s = await sizes(p);
    for (const k of Object.keys(t)) t[k] += s[k];
  }
  totals[name] = t;
  lines.push(`${name} | ${paths.length} | ${mb(t.raw)} | ${mb(t.gzip)} | ${mb(t.br)}`);
}
const [page, cpu] = Object.values(totals);
lines.push(`first load (page + CPU worker) | - | ${mb(page.raw + cpu.raw)} | ${mb(page.gzip + cpu.gzip)} | ${mb(page.br + cpu.br)}`);
for (const m of ["ui", "cpu", "gpu"]) {
  const wasm = all.find((p) => p.endsWith(`/${m}_bg.wasm`));
  if (!wasm) continue;
  const s = await sizes(wasm);
  // gzip -9 of the file itself too, in case the .gz twin was made another way.
  const gz9 = gzipSync(await readFile(wasm), { level: 9 }).length;
  lines.push(`${m}_bg.wasm | 1 | ${mb(s.raw)} | ${mb(Math.min(s.gzip, gz9))} | ${mb(s.br)}`);
}
console.log(lines.join("\n"));
if (logAt > 0) await writeFile(process.argv[logAt + 1], `${lines.join("\n")}\n`);
if (compareAt > 0) {
  const path = process.argv[compareAt + 1];
  const logged = new Map(
    (await readFile(path, "utf8")).split("\n").filter((l) => l.includes(" | ") && !l.startsWith("group")).map((l) => {
      const [name, , ...mbs] = l.split(" | ");
      return [name, mbs.map(Number)];
    }),
  );
  const moved = [];
  for (const line of lines.filter((l) => l.includes(" | ") && !l.startsWith("group"))) {
    const [name, , ...mbs] = line.split(" | ");
    const before = logged.get(name);
    if (!before) moved.push(`${name}: not in ${path}`);
    else if (mbs.some((v, i) => Math.abs(Number(v) - before[i]) > 0.02 * before[i])) {
      moved.push(`${name}: ${before.join(" / ")} MB logged, ${mbs.join(" / ")} MB now`);
    }
  }
  if (moved.length) {
    console.error(`sizes moved more than 2 % from ${path}:\n  ${moved.join("\n  ")}\nRun: node bench/size.mjs --log ${path} && node scripts/readme-numbers.mjs`);
    process.exit(1);
  }
  console.log(`sizes within 2 % of ${path}`);
}
