// docs/demos/resmem.md's generated blocks `resmem` and `resmem-reference` (see
// scripts/readme-numbers.mjs).
import { f3, field, json, lines, points, table } from "./_format.mjs";

export const blocks = {
  resmem() {
    const log = json("tests/logs/resmem.json").sweep;
    const rows = log.map((m) => [m.width, m.epochs, f3(m.base_train), f3(m.base_test), f3(m.resmem_test), points(m.gain_points)]);
    const pictures = json("tests/logs/resmem-playground.json").pictures;
    const p = (name) => pictures.find((x) => x.plane === name);
    const pct = (v) => (100 * v).toFixed(1);
    const say = (x) => `${pct(x.base_train)} % train / ${pct(x.base_test)} % test → ResMem ${pct(x.resmem_train)} % / ${pct(x.resmem_test)} %`;
    return `From \`tests/logs/resmem.json\` and \`resmem-playground.json\` (\`cargo test --release --test science_resmem\`, native flex, the page's defaults, mean of 3 seeds):\n\n${table(
      ["width", "epochs", "base train", "base test", "ResMem test", "gain (points)"],
      rows,
    )}\n\nThe playground at its defaults: spirals ${say(p("spirals"))}; checkerboard ${say(p("checkerboard"))}; disc in a ring ${say(p("circles"))}.`;
  },
  // The NumPy reference's summary lines, one per width.
  "resmem-reference"() {
    const log = "bench/reference/resmem_numpy.log";
    const rows = lines(log, /^summary /).map((l) => {
      return [field(l, "width"), field(l, "epochs"), field(l, "lr"), field(l, "base_train"), field(l, "base_test"), field(l, "resmem_test"), field(l, "gain_points")];
    });
    return `From \`${log}\` (\`bench/reference/resmem_numpy.py\`, NumPy, 5 seeds, independent of minima's code and random streams):\n\n${table(
      ["width", "epochs", "lr", "base train", "base test", "ResMem test", "gain (points)"],
      rows,
    )}`;
  },
};
