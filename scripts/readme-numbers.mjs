// README.md's numbers, generated from the logs they come from. Each generated block sits between
//   <!-- generated:NAME -->  and  <!-- /generated:NAME -->
// and names its log. A block is made by scripts/readme/NAME.mjs (one file per demo, and one for
// the benchmarks). The science tests (`cargo test --release`) rewrite bench/science/*.json;
// benchmark logs (bench/results-*.log) are committed by whoever ran them.
//
//   node scripts/readme-numbers.mjs           rewrites the blocks in README.md
//   node scripts/readme-numbers.mjs --check   exits 1, naming the block, when a block differs
//                                             from what its log says (scripts/test.sh runs this)
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const folder = join(root, "scripts/readme");
const blocks = {};
for (const file of readdirSync(folder).filter((f) => f.endsWith(".mjs") && !f.startsWith("_")).sort()) {
  Object.assign(blocks, (await import(pathToFileURL(join(folder, file)))).blocks);
}

const check = process.argv.includes("--check");
const path = join(root, "README.md");
let readme = readFileSync(path, "utf8");
const stale = [];
for (const [name, make] of Object.entries(blocks)) {
  const open = `<!-- generated:${name} -->`;
  const close = `<!-- /generated:${name} -->`;
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start < 0 || end < start) {
    console.error(`README.md: block '${name}' is missing (${open} … ${close})`);
    process.exit(1);
  }
  const body = `${open}\n${make()}\n${close}`;
  if (readme.slice(start, end + close.length) !== body) stale.push(name);
  readme = readme.slice(0, start) + body + readme.slice(end + close.length);
}
if (check) {
  if (stale.length) {
    console.error(`README.md disagrees with its logs in: ${stale.join(", ")}. Run: node scripts/readme-numbers.mjs`);
    process.exit(1);
  }
  console.log(`README.md: ${Object.keys(blocks).length} generated blocks match their logs`);
} else {
  writeFileSync(path, readme);
  console.log(stale.length ? `README.md: rewrote ${stale.join(", ")}` : "README.md: up to date");
}
