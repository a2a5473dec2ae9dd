// docs/demos/disagreement.md's generated blocks `disagreement` and `disagreement-reference` (see
// scripts/readme-numbers.mjs).
import { f2, f3, field, json, lines, range, table } from "./_format.mjs";

export const blocks = {
  disagreement() {
    const rows = ["alldiff", "diffdata", "diffinit"].map((r) => {
      const log = json(`tests/logs/disagreement-${r}.json`);
      return [log.randomness, f3(log.mean_test_error), range(log.ratios), f2(log.mean_ratio), f3(log.pooled_cace)];
    });
    return `From \`tests/logs/disagreement-*.json\`, written by \`cargo test --release --test science_disagreement\`:\n\n${table(
      ["randomness", "mean test error", "disagreement ÷ error (per checkpoint)", "mean", "pooled CACE"],
      rows,
    )}`;
  },
  // The NumPy reference's summary lines, one per source of randomness.
  "disagreement-reference"() {
    const log = "bench/reference/disagreement_numpy.log";
    const rows = lines(log, /mean_ratio=/).map((l) => {
      return [l.split(" ")[0], field(l, "mean_test_error"), field(l, "test_error_range"), field(l, "ratio_range"), field(l, "mean_ratio")];
    });
    return `From \`${log}\` (\`bench/reference/disagreement_numpy.py\`, NumPy, independent of minima's code and random streams):\n\n${table(
      ["randomness", "mean test error", "test error (per checkpoint)", "disagreement ÷ error (per checkpoint)", "mean"],
      rows,
    )}`;
  },
};
