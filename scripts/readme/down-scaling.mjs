// docs/demos/down-scaling.md's generated block `down-scaling` (see scripts/readme-numbers.mjs).
import { f3, json, read, table } from "./_format.mjs";


const pct = (share) => `${(100 * share).toFixed(0)} %`;

// The table of a science log of tests/science_down_scaling.rs: mean ± sd per sparsity, the
// crossings, and each claim's value in each seed beside its bound.
function sparsityTable(file, what, test) {
  const log = json(file);
  const rows = log.sparsities.map((s) => [
    pct(s.sparsity),
    `${f3(s.facts)} ± ${f3(s.facts_sd)}`,
    `${f3(s.in_context)} ± ${f3(s.in_context_sd)}`,
  ]);
  const perSeed = log.seeds
    .map((s) => `seed ${s.seed}: ${(100 * s.facts_half).toFixed(1)} % and ${s.in_context_half == null ? "never" : `${(100 * s.in_context_half).toFixed(1)} %`}`)
    .join("; ");
  const noise = Object.entries(log["noise over the seeds"] ?? {})
    .map(([id, n]) => `\`${id}\` ${n.per_seed.map((v) => +v.toFixed(3)).join(", ")} (bound ${n.bound})`)
    .join("; ");
  return `From \`${file}\` (\`${test}\`, native flex, ${what}, ${log.seeds.length} seeds, mean ± standard deviation):\n\n${table(
    ["sparsity", "fact recall", "in-context"],
    rows,
  )}\n\nOn the mean curves fact recall falls below half at ${(100 * log.facts_half).toFixed(1)} % sparsity and in-context accuracy at ${(100 * log.in_context_half).toFixed(1)} % (${(100 * (log.in_context_half - log.facts_half)).toFixed(1)} points later). In each seed: ${perSeed}.${noise ? ` Each claim judged on each seed alone: ${noise}.` : ""}`;
}

export const blocks = {
  "down-scaling": () =>
    sparsityTable("tests/logs/down-scaling.json", "defaults: 1,280 facts, 1,000 steps", "cargo test --release --test science_down_scaling"),
  "down-scaling-paper-scale": () =>
    sparsityTable(
      "tests/logs/down-scaling-paper-scale.json",
      "paper scale: 2,048 facts, 2,000 steps",
      "cargo test --release --test science_down_scaling -- --include-ignored",
    ),
};

blocks["down-scaling-dense"] = () => {
  const file = "bench/results-down-scaling-dense-2026-12-01.jsonl";
  const lines = read(file).trim().split("\n").map((l) => JSON.parse(l));
  const models = lines.filter((l) => l.event === "result").map((l) => l.result);
  const rows = models.map((m) => {
    const p = m.points[0];
    return [`${m.width}`, m.block_weights.toLocaleString("en-US"), pct(p.sparsity), f3(p.facts), f3(p.in_context)];
  });
  const half = (key) => models.find((m) => m.points[0][key] < 0.5);
  const [f, c] = [half("facts"), half("in_context")];
  return `From \`${file}\` (\`minima run down-scaling\` with \`seeds: 0, dense_widths: [28, 24, 20, 16, 12, 8]\`, native flex, seed 0's facts, one seed):\n\n${table(
    ["width", "block weights", "removed vs width 32", "fact recall", "in-context"],
    rows,
  )}\n\nFact recall is below half from width ${f.width} (${pct(f.points[0].sparsity)} of the block weights removed), in-context accuracy only from width ${c.width} (${pct(c.points[0].sparsity)}).`;
};
