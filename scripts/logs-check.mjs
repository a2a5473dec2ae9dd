// After the science tests have rewritten tests/logs/, compares each log with the committed one.
// A log from the same machine (its `machine` field: the processor and its vector extensions, see
// tests/common/mod.rs) must be identical: a difference is drift, and the check fails. A log from
// another machine differs in the last digits of its floats, and after many steps at the level of
// the seeds' noise: the check prints what moved, keeps the new log in a temporary folder, and puts
// the committed one back, so that README.md and docs/ are checked against the committed logs.
//
//   node scripts/logs-check.mjs        (scripts/test.sh runs it after the science tests)
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "../..");
const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8" });
const changed = git("status", "--porcelain", "--", "tests/logs").split("\n").filter(Boolean);

// The numbers of two logs that differ, as "path: old → new" (or the first structural difference).
function differences(a, b, path = "", out = []) {
  if (typeof a === "number" && typeof b === "number") {
    if (a !== b) out.push(`${path}: ${a} → ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => differences(x, b[i], `${path}[${i}]`, out));
  } else if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (k !== "machine") differences(a[k], b[k], `${path}.${k}`, out);
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push(`${path}: ${JSON.stringify(a)?.slice(0, 80)} → ${JSON.stringify(b)?.slice(0, 80)}`);
  }
  return out;
}

let drift = 0;
const kept = join(tmpdir(), "minima-measured-logs");
for (const line of changed) {
  const file = line.slice(3);
  if (!line.startsWith(" M")) {
    console.error(`${file}: ${line.slice(0, 2).trim() === "??" ? "new, not committed" : "added or removed"}: commit it`);
    drift++;
    continue;
  }
  const committed = JSON.parse(git("show", `HEAD:${file}`));
  const measured = JSON.parse(readFileSync(join(root, file), "utf8"));
  const moved = differences(committed, measured);
  if (committed.machine === measured.machine) {
    console.error(`${file}: measured other numbers than committed on this machine (${measured.machine}):`);
    for (const d of moved.slice(0, 12)) console.error(`  ${d}`);
    drift++;
  } else {
    console.log(`${file}: committed from ${committed.machine ?? "an unnamed machine"}, measured here on ${measured.machine}; ${moved.length} numbers moved:`);
    for (const d of moved.slice(0, 6)) console.log(`  ${d}`);
    mkdirSync(kept, { recursive: true });
    copyFileSync(join(root, file), join(kept, file.split("/").pop()));
    git("checkout", "--", file);
  }
}
if (drift) {
  console.error("the science tests measured other numbers than tests/logs/ holds: commit the new logs and run node scripts/readme-numbers.mjs");
  process.exit(1);
}
console.log(
  changed.length === 0
    ? "tests/logs/: every log as committed"
    : `tests/logs/: logs of another machine kept as committed; this machine's are in ${kept}`,
);
