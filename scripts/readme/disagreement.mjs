// docs/demos/disagreement.md's generated block `disagreement` (see scripts/readme-numbers.mjs).
import { f2, f3, json, range, table } from "./_format.mjs";

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
};
