// The numbers of README.md and docs/, generated from the logs they come from. Each generated block
// sits between
//   <!-- generated:NAME -->  and  <!-- /generated:NAME -->
// in exactly one of those files, and names its log. A block is made by scripts/readme/NAME.mjs
// (one file per demo, one for the benchmarks, one for the README's list of demos). The science
// tests (`cargo test --release`) rewrite tests/logs/*.json; benchmark logs (bench/results-*.log)
// are committed by whoever ran them.
//
//   node scripts/readme-numbers.mjs           rewrites the blocks
//   node scripts/readme-numbers.mjs --check   exits 1, naming the block, when a block differs
//                                             from what its log says (scripts/test.sh runs this)
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const folder = join(root, "scripts/readme");
const blocks = {};
for (const file of readdirSync(folder).filter((f) => f.endsWith(".mjs") && !f.startsWith("_")).sort()) {
  Object.assign(blocks, (await import(pathToFileURL(join(folder, file)))).blocks);
}

// README.md and every Markdown file under docs/.
function markdown(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdown(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : [],
  );
}
const files = [join(root, "README.md"), ...markdown(join(root, "docs")).sort()].map((path) => ({
  path,
  name: relative(root, path),
  text: readFileSync(path, "utf8"),
  stale: [],
}));

const check = process.argv.includes("--check");
for (const [name, make] of Object.entries(blocks)) {
  const open = `<!-- generated:${name} -->`;
  const close = `<!-- /generated:${name} -->`;
  const holders = files.filter((f) => f.text.includes(open));
  if (holders.length !== 1) {
    const where = holders.length ? `in ${holders.map((f) => f.name).join(" and ")}` : "in no file";
    console.error(`block '${name}' must be in exactly one of README.md and docs/, and is ${where} (${open} … ${close})`);
    process.exit(1);
  }
  const file = holders[0];
  const start = file.text.indexOf(open);
  const end = file.text.indexOf(close);
  if (end < start) {
    console.error(`${file.name}: block '${name}' has no end (${close})`);
    process.exit(1);
  }
  const body = `${open}\n${make()}\n${close}`;
  if (file.text.slice(start, end + close.length) !== body) file.stale.push(name);
  file.text = file.text.slice(0, start) + body + file.text.slice(end + close.length);
}
// A marker that no script makes would never be checked.
for (const f of files) {
  for (const [, name] of f.text.matchAll(/<!-- generated:([\w-]+) -->/g)) {
    if (!(name in blocks)) {
      console.error(`${f.name}: block '${name}' has no script in scripts/readme/`);
      process.exit(1);
    }
  }
}
const stale = files.filter((f) => f.stale.length);
const count = Object.keys(blocks).length;
if (check) {
  if (stale.length) {
    const list = stale.map((f) => `${f.name} (${f.stale.join(", ")})`).join("; ");
    console.error(`generated blocks disagree with their logs in ${list}. Run: node scripts/readme-numbers.mjs`);
    process.exit(1);
  }
  console.log(`README.md and docs/: ${count} generated blocks match their logs`);
} else {
  for (const f of stale) {
    writeFileSync(f.path, f.text);
    console.log(`${f.name}: rewrote ${f.stale.join(", ")}`);
  }
  if (!stale.length) console.log(`README.md and docs/: ${count} generated blocks up to date`);
}
