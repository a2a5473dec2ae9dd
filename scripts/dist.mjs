// Assembles dist/, the production site, from the page's files and the wasm modules that
// scripts/build-web.sh left in target/web/<module>/ (ui, cpu, gpu). No dependencies.
//   node scripts/dist.mjs
// - Each module's folder is named after its content hash (www/ui-1a2b3c4d5e/): its files can be
//   cached for ever (scripts/serve.mjs sends `immutable` for them), and a new build is a new URL.
// - index.html, www/embed.html and the worker scripts are rewritten to point at those folders;
//   www/worker.js loads the CPU module, and www/worker-webgpu.js (the same script) the WebGPU one;
//   each is written only once its module exists. The page trains on the CPU once www/worker.js is
//   served (it asks every few seconds) and offers WebGPU once www/worker-webgpu.js exists.
// - Every text or wasm file of 1 KiB or more gets a Brotli (.br) and a gzip (.gz) twin for hosts
//   and servers that send precompressed files.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
const FINAL = join(ROOT, "dist");
// Written beside, then swapped in: a server serving dist/ meanwhile never sees half a site.
const DIST = join(ROOT, "dist.new");
const MODULES = ["ui", "cpu", "gpu"];
const COMPRESSIBLE = /\.(wasm|js|mjs|html|css|json|svg)$/;

/// Every file under `dir`, as paths relative to it, sorted.
async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)).map((f) => join(entry.name, f)));
    else out.push(entry.name);
  }
  return out.sort();
}

/// The first ten hex digits of the SHA-256 of a folder's file names and contents.
async function folderHash(dir) {
  const hash = createHash("sha256");
  for (const f of await files(dir)) hash.update(f).update("\0").update(await readFile(join(dir, f)));
  return hash.digest("hex").slice(0, 10);
}

await rm(DIST, { recursive: true, force: true });
await mkdir(join(DIST, "www"), { recursive: true });

// The modules, each in its hashed folder.
const folders = {};
for (const m of MODULES) {
  const built = join(ROOT, "target/web", m);
  if (!existsSync(join(built, `${m}.js`))) continue;
  folders[m] = `${m}-${await folderHash(built)}`;
  await cp(built, join(DIST, "www", folders[m]), { recursive: true });
}
if (!folders.ui) throw new Error("dist: the ui module is not built (bash scripts/build-web.sh ui)");

// The page's files, pointed at the hashed folders.
const point = (text) =>
  text.replace(/\b(ui|cpu|gpu)\/\1\.js\b/g, (whole, m) => {
    if (!folders[m]) throw new Error(`dist: a page file imports the ${m} module, which is not built`);
    return `${folders[m]}/${m}.js`;
  });
await writeFile(join(DIST, "index.html"), point(await readFile(join(ROOT, "index.html"), "utf8")));
for (const f of ["embed.html", "embed-docs.js", "boot.js", "minima-embed.js", "style.css"]) {
  await writeFile(join(DIST, "www", f), point(await readFile(join(ROOT, "www", f), "utf8")));
}
const worker = await readFile(join(ROOT, "www/worker.js"), "utf8");
if (!worker.includes("cpu/cpu.js")) throw new Error("dist: www/worker.js must import cpu/cpu.js");
if (folders.cpu) await writeFile(join(DIST, "www/worker.js"), point(worker));
if (folders.gpu) {
  await writeFile(join(DIST, "www/worker-webgpu.js"), point(worker.replaceAll("cpu/cpu.js", "gpu/gpu.js")));
}

// Precompressed twins.
let compressed = 0;
for (const f of await files(DIST)) {
  const path = join(DIST, f);
  if (!COMPRESSIBLE.test(f) || (await stat(path)).size < 1024) continue;
  const body = await readFile(path);
  await writeFile(`${path}.gz`, gzipSync(body, { level: 9 }));
  await writeFile(
    `${path}.br`,
    brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: body.length > 4e6 ? 9 : 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  );
  compressed++;
}
await rm(FINAL, { recursive: true, force: true });
await rename(DIST, FINAL);
const rel = relative(ROOT, FINAL);
console.log(`dist: ${rel}/ with modules ${Object.values(folders).join(", ")}; ${compressed} files precompressed`);
if (!folders.cpu) console.log("dist: no cpu module yet: the page waits for it to train (bash scripts/build-web.sh cpu)");
if (!folders.gpu) console.log("dist: no gpu module yet: the page offers the CPU only (bash scripts/build-web.sh gpu)");
