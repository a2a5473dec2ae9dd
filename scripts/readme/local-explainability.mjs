// docs/demos/local-explainability.md's generated blocks `local-explainability` and
// `local-explainability-reference` (see scripts/readme-numbers.mjs).
import { f3, json, lines, table } from "./_format.mjs";

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const e2 = (v) => v.toExponential(2);

export const blocks = {
  "local-explainability"() {
    const log = json("tests/logs/local-explainability.json");
    const last = Math.max(...log.models.map((m) => m.steps));
    const widths = [...new Set(log.models.map((m) => m.width))].sort((a, b) => a - b);
    const lambdas = [...new Set(log.models.map((m) => m.lambda))].sort((a, b) => a - b);
    const sigmaAt = 2; // σ = 0.5 in the default list 0.1, 0.25, 0.5, 1
    const rows = widths.flatMap((w) =>
      lambdas.map((l) => {
        const ms = log.models.filter((m) => m.width === w && m.lambda === l && m.steps === last);
        return [w, l, f3(mean(ms.map((m) => m.gap))), e2(mean(ms.map((m) => m.mnf[sigmaAt]))), e2(mean(ms.map((m) => m.nf[sigmaAt])))];
      }),
    );
    const perSeed = log.spearman_per_seed.map(f3).join(", ");
    return `From \`tests/logs/local-explainability.json\` (\`cargo test --release --test science_local_explainability\`, native flex, the defaults: ${log.models.length} models). Spearman(MNF at σ = 0.5, gap) over the zoo: **${f3(log.spearman)}** (within each seed's third of the zoo: ${perSeed}). After ${last} steps, mean over seeds:\n\n${table(
      ["width", "λ", "generalisation gap", "MNF at σ = 0.5", "NF at σ = 0.5"],
      rows,
    )}`;
  },
  // The NumPy reference's summary lines.
  "local-explainability-reference"() {
    const log = "bench/reference/local_explainability_numpy.log";
    const picked = lines(log, /^(Spearman|widths|short-trained|NF and MNF rise|width \d+, 3000 steps)/);
    return `From \`${log}\` (\`bench/reference/local_explainability_numpy.py\`, NumPy, independent of minima's code and random streams; widths 16, 64 and 256):\n\n${picked.map((l) => `- ${l}`).join("\n")}`;
  },
};
