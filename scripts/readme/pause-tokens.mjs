// docs/demos/pause-tokens.md's generated block `pause-tokens` (see scripts/readme-numbers.mjs):
// the science test's three seeds at the page's defaults.
import { f3, json, table } from "./_format.mjs";

export const blocks = {
  "pause-tokens"() {
    const log = json("tests/logs/pause-tokens.json");
    const rows = log.seeds.map((s) => [s.seed, f3(s.none.accuracy), f3(s.pause.accuracy), f3(s.cot.accuracy), f3(s.baseline)]);
    return `From \`tests/logs/pause-tokens.json\` (\`cargo test --release --test science_pause_tokens\`, native flex, the page's defaults, the last evaluation of each arm):\n\n${table(
      ["seed", "no extra tokens", "pauses", "chain of thought", "answering the start"],
      rows,
    )}`;
  },
};
