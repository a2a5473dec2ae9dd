// docs/demos/sam.md's generated blocks `sam` and `sam-reference` (see scripts/readme-numbers.mjs).
import { f2, f3, field, json, lines, points, table } from "./_format.mjs";

export const blocks = {
  sam() {
    const log = json("tests/logs/sam.json");
    const gaps = log.sam_hard_per_seed.map((s, i) => s - log.sgd_hard_per_seed[i]);
    const wins = gaps.filter((g) => g > 0).length;
    const curve = (method) => log.curve.filter((c) => c.method === method);
    const peak = (method) => curve(method).reduce((a, b) => (b.hard > a.hard ? b : a));
    const [sgdPeak, samPeak] = [peak("sgd"), peak("sam")];
    const lastEasy = (method) => curve(method).at(-1).easy;
    return `From \`tests/logs/sam.json\` and \`sam-*.json\` (\`cargo test --release --test science_sam\`, native flex, 5 seeds, epoch 60):\n\n${table(
      ["setting", "SGD hard probe", "SAM hard probe", "gap (points)", "SAM higher"],
      [
        ["defaults", f3(log.sgd_hard), f3(log.sam_hard), points(100 * (log.sam_hard - log.sgd_hard)), `${wins} of ${gaps.length}`],
        ...["absent", "lr", "rho", "strong"].map((name) => {
          const v = json(`tests/logs/sam-${name}.json`);
          const train = v.sam_train < 0.9 ? ` (SAM's training accuracy ${f3(v.sam_train)}: it does not fit)` : "";
          return [v.setting, f3(v.sgd_hard), f3(v.sam_hard) + train, points(100 * (v.sam_hard - v.sgd_hard)), `${v.sam_higher} of 5`];
        }),
      ],
    )}\n\nOver training SGD's hard probe peaks at epoch ${sgdPeak.epoch} (${f3(sgdPeak.hard)}) and ends with an easy probe of ${f2(lastEasy("sgd"))}; SAM's peaks at epoch ${samPeak.epoch} (${f3(samPeak.hard)}) while its easy probe ends lower (${f2(lastEasy("sam"))}).`;
  },
  // The NumPy reference's summary lines: the defaults, and the easy feature absent on 10 %.
  "sam-reference"() {
    const log = "bench/reference/sam_numpy.log";
    const rows = lines(log, /^summary /).map((l) => {
      const absent = Number(field(l, "absent"));
      return [absent ? `easy feature absent on ${100 * absent} %` : "defaults", field(l, "sgd_hard"), field(l, "sam_hard"), `+${field(l, "mean_gap_points")}`, `${field(l, "sam_higher")} of ${field(l, "seeds")}`];
    });
    return `From \`${log}\` (\`bench/reference/sam_numpy.py\`, NumPy, independent of minima's code and random streams):\n\n${table(
      ["setting", "SGD hard probe", "SAM hard probe", "SAM − SGD (points)", "SAM higher"],
      rows,
    )}`;
  },
};
