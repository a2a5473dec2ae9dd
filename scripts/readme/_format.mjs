// What the README blocks share: reading logs and formatting numbers. Files in this folder whose
// names start with "_" are helpers; every other file is one demo's (or the benchmarks') blocks.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const read = (path) => readFileSync(join(root, path), "utf8");
export const json = (path) => JSON.parse(read(path));
export const f3 = (v) => v.toFixed(3);
export const f2 = (v) => v.toFixed(2);
export const points = (v) => `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(1)}`;
export const range = (values, f = f2) => `${f(Math.min(...values))} – ${f(Math.max(...values))}`;
export const table = (head, rows) =>
  [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
export const lines = (path, pattern) => read(path).split("\n").filter((l) => pattern.test(l));
export const number = (line, pattern) => {
  const m = line.match(pattern);
  if (!m) throw new Error(`no ${pattern} in: ${line}`);
  return Number(m[1]);
};
// The value of `name=VALUE` in a log line (the NumPy references' format).
export const field = (line, name) => {
  const m = line.match(new RegExp(`(?:^| )${name}=(\\S+)`));
  if (!m) throw new Error(`no ${name}= in: ${line}`);
  return m[1];
};
