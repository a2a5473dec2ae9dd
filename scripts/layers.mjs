// The crate's floors (each top-level module of src/) and which import which, from the `crate::X`
// paths in their code (test modules left out). Prints the graph; exits 1 when the floors form a
// cycle once the imports of UPWARD (those docs/architecture.md says still point up) are left out.
//
//   node scripts/layers.mjs     (scripts/test.sh runs it in every tier)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "../..");
// Each demo's page uses the UI kit in app/, whose shell and session use the registry's types.
const UPWARD = [["demos", "app"]];

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith(".rs") ? [path] : [];
  });
}

const edges = new Map();
for (const path of files(join(root, "src"))) {
  const floor = path.slice(join(root, "src").length + 1).split("/")[0].replace(/\.rs$/, "");
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

// A cycle of the graph without the UPWARD imports, found by depth-first search.
const down = (floor) => [...(edges.get(floor) ?? [])].filter((t) => !UPWARD.some(([a, b]) => a === floor && b === t));
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
console.log(`no cycle between floors but the imports that still point up: ${UPWARD.map((e) => e.join(" -> ")).join(", ")}`);
