// README.md's generated block `down-scaling` (see scripts/readme-numbers.mjs).
import { f3, json, table } from "./_format.mjs";

// The PyTorch pilot of issue 18 (shared/papers.md §7), 3 seeds: facts, in-context by sparsity.
const PILOT = { 0: [1.0, 0.983], 20: [0.974, 0.983], 30: [0.735, 0.967], 40: [0.418, 0.893], 50: [0.197, 0.704], 60: [0.098, 0.43], 70: [0.056, 0.213] };

const pct = (share) => `${(100 * share).toFixed(0)} %`;

export const blocks = {
  "down-scaling"() {
    const log = json("bench/science/down-scaling.json");
    const rows = log.sparsities.map((s) => {
      const pilot = PILOT[Math.round(100 * s.sparsity)];
      return [
        pct(s.sparsity),
        `${f3(s.facts)} ± ${f3(s.facts_sd)}`,
        `${f3(s.in_context)} ± ${f3(s.in_context_sd)}`,
        pilot ? `${f3(pilot[0])}, ${f3(pilot[1])}` : "",
      ];
    });
    const perSeed = log.seeds
      .map((s) => `seed ${s.seed}: ${(100 * s.facts_half).toFixed(1)} % and ${s.in_context_half == null ? "never" : `${(100 * s.in_context_half).toFixed(1)} %`}`)
      .join("; ");
    return `From \`bench/science/down-scaling.json\` (\`cargo test --release --test science_down_scaling\`, native flex, defaults, ${log.seeds.length} seeds, mean ± standard deviation):\n\n${table(
      ["sparsity", "fact recall", "in-context", "PyTorch pilot: facts, in-context"],
      rows,
    )}\n\nOn the mean curves fact recall falls below half at ${(100 * log.facts_half).toFixed(1)} % sparsity and in-context accuracy at ${(100 * log.in_context_half).toFixed(1)} % (${(100 * (log.in_context_half - log.facts_half)).toFixed(1)} points later; the pilot: ≈ 38 % and ≈ 58 %). In each seed: ${perSeed}.`;
  },
};
