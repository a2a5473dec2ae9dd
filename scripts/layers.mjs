// The crate's floors (each top-level module of src/) and which import which, from the `crate::X`
// paths in their code (test modules left out). Prints the graph; exits 1 when the floors form a
// cycle. A demo's page (src/demos/<id>/page.rs or page/) sits in its demo's folder but on the
// top floor, `pages`, with src/pages.rs: it uses the UI kit in app/, which knows no page. Also
// checks the size of files and lines.
//
//   node scripts/layers.mjs     (scripts/test.sh runs it in every tier)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "../..");

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith(".rs") ? [path] : [];
  });
}

const edges = new Map();
for (const path of files(join(root, "src"))) {
  const relative = path.slice(join(root, "src").length + 1);
  const floor = /^demos\/[a-z_]+\/page(\.rs|\/)/.test(relative) ? "pages" : relative.split("/")[0].replace(/\.rs$/, "");
  let code = readFileSync(path, "utf8");
  const tests = code.indexOf("#[cfg(test)]");
  if (tests >= 0) code = code.slice(0, tests);
  code = code.replace(/\/\/.*$/gm, "");
  for (const [, target] of code.matchAll(/crate::([a-z_]+)/g)) {
    if (target === floor) continue;
    if (!edges.has(floor)) edges.set(floor, new Set());
    edges.get(floor).add(target);
  }
}
for (const [floor, targets] of [...edges].sort()) console.log(`${floor} -> ${[...targets].sort().join(", ")}`);

// A cycle of the graph, found by depth-first search.
const down = (floor) => [...(edges.get(floor) ?? [])];
const state = new Map();
const path = [];
function cycleFrom(floor) {
  state.set(floor, "open");
  path.push(floor);
  for (const next of down(floor)) {
    if (state.get(next) === "open") return [...path.slice(path.indexOf(next)), next];
    if (!state.has(next)) {
      const found = cycleFrom(next);
      if (found) return found;
    }
  }
  path.pop();
  state.set(floor, "done");
  return null;
}
for (const floor of [...edges.keys()].sort()) {
  const cycle = state.has(floor) ? null : cycleFrom(floor);
  if (cycle) {
    console.error(`import cycle between floors: ${cycle.join(" -> ")} (docs/architecture.md: Layers)`);
    process.exit(1);
  }
}
console.log("no cycle between floors");

// One file per concern, and lines a reviewer can read side by side (the code style): no
// file of src/ over 400 lines, no line over 120 characters.
const long = [];
for (const file of files(join(root, "src"))) {
  const lines = readFileSync(file, "utf8").split("\n");
  const name = file.slice(root.length + 1);
  if (lines.length > 401) long.push(`${name}: ${lines.length - 1} lines (at most 400)`);
  lines.forEach((line, i) => {
    if ([...line].length > 120) long.push(`${name}:${i + 1}: ${[...line].length} characters (at most 120)`);
  });
}
if (long.length) {
  console.error(long.join("\n"));
  process.exit(1);
}
console.log("no file over 400 lines, no line over 120 characters");
