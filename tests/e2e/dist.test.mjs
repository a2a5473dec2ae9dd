// The production files (dist/, from scripts/build-web.sh) as scripts/serve.mjs sends them:
// precompressed when the browser accepts it, hashed module folders cached for ever, the page
// revalidated. Plain HTTP, no browser.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { serve } from "../../scripts/serve.mjs";
import { ROOT } from "./harness.mjs";

const DIST = join(ROOT, "dist");
let server;
let origin;
before(async () => {
  server = await serve(DIST, 0);
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((ok) => server.close(ok)));

async function folder(module) {
  const found = (await readdir(join(DIST, "www"))).filter((f) => new RegExp(`^${module}-[0-9a-f]{10}$`).test(f));
  assert.equal(found.length, 1, `one hashed ${module} folder in dist/www: ${found}`);
  return found[0];
}

test("every module sits in a folder named after its hash, and the page files point at it", async () => {
  const [ui, cpu, gpu] = [await folder("ui"), await folder("cpu"), await folder("gpu")];
  // The pages load their scripts from files (the Content-Security-Policy allows no inline
  // script), and those import the hashed page module.
  assert.match(await readFile(join(DIST, "index.html"), "utf8"), /<script type="module" src="www\/boot\.js"><\/script>/);
  assert.match(await readFile(join(DIST, "www/embed.html"), "utf8"), /<script type="module" src="embed-docs\.js"><\/script>/);
  assert.match(await readFile(join(DIST, "www/boot.js"), "utf8"), new RegExp(`\\./${ui}/ui\\.js`));
  assert.match(await readFile(join(DIST, "www/embed-docs.js"), "utf8"), new RegExp(`\\./${ui}/ui\\.js`));
  assert.match(await readFile(join(DIST, "www/worker.js"), "utf8"), new RegExp(`\\./${cpu}/cpu\\.js`));
  assert.match(await readFile(join(DIST, "www/worker-webgpu.js"), "utf8"), new RegExp(`\\./${gpu}/gpu\\.js`));
});

test("the server sends Brotli when accepted, identity when not, and caches only hashed files", async () => {
  const wasm = `/www/${await folder("cpu")}/cpu_bg.wasm`;
  const raw = await readFile(join(DIST, wasm));
  const br = await fetch(origin + wasm, { headers: { "accept-encoding": "br, gzip" } });
  assert.equal(br.headers.get("content-encoding"), "br");
  assert.equal(br.headers.get("content-type"), "application/wasm");
  assert.match(br.headers.get("cache-control"), /immutable/);
  // fetch() decodes the body: it must be the module itself.
  assert.deepEqual(Buffer.from(await br.arrayBuffer()), raw);
  const twin = await readFile(join(DIST, `${wasm}.br`));
  assert.ok(twin.length < raw.length / 2, `Brotli twin ${twin.length} of ${raw.length} bytes`);
  assert.deepEqual(brotliDecompressSync(twin), raw);

  const plain = await fetch(origin + wasm, { headers: { "accept-encoding": "identity" } });
  assert.equal(plain.headers.get("content-encoding"), null);
  assert.equal(Number(plain.headers.get("content-length") ?? (await plain.arrayBuffer()).byteLength), raw.length);

  const index = await fetch(`${origin}/index.html`);
  assert.equal(index.headers.get("cache-control"), "no-cache");
  const worker = await fetch(`${origin}/www/worker.js`);
  assert.equal(worker.headers.get("cache-control"), "no-cache");
  assert.equal((await fetch(`${origin}/../Cargo.toml`)).status === 200, false);
});
