// docs/demos/memorisation.md's generated block `memorisation` (see scripts/readme-numbers.mjs).
import { f3, json, table } from "./_format.mjs";

const share = (n, of) => `${n} (${Math.round((100 * n) / Math.max(of, 1))} %)`;
const trajectories = (t) =>
  `of the ${t.memorised} memorised (score ≥ 0.25 at some width), ${share(t.increasing, t.memorised)} increase with width, ${share(t.cap, t.memorised)} are cap-shaped, ${share(t.decreasing, t.memorised)} decrease and ${share(t.flat, t.memorised)} are flat`;

export const blocks = {
  memorisation() {
    const log = json("tests/logs/memorisation.json");
    const seeds = Object.keys(log).filter((k) => k.startsWith("seed ")).map((k) => [k, log[k]]);
    const [, first] = seeds[0];
    const students = new Map(first.distilled.map((s) => [s.width, s]));
    const rows = first.labels.map((l) => {
      const s = students.get(l.width);
      return [`${l.width}`, f3(l.flipped), f3(l.clean), f3(l.test_accuracy), s ? f3(s.flipped) : "–", s ? f3(s.clean) : "–", s ? f3(s.test_accuracy) : "–"];
    });
    const perSeed = seeds
      .map(([k, r]) => `${k}: clean ${trajectories(r.trajectories_of_memorised_clean)}; flipped ${trajectories(r.trajectories_of_memorised_flipped)}`)
      .join(". ");
    const noise = Object.entries(log["noise over the seeds"])
      .map(([id, n]) => `\`${id}\` ${n.values.map((v) => v.toFixed(2)).join(", ")} (bound ${n.bound})`)
      .join("; ");
    const control = log["with 10 % flipped (negative control)"];
    const inc = first.comparisons.filter((c) => c.labels >= 0.25);
    const lower = inc.filter((c) => c.distilled < c.labels);
    const pairs = inc.map((c) => `${c.width}: ${f3(c.distilled)} against ${f3(c.labels)}`).join("; ");
    return `From \`tests/logs/memorisation.json\` (\`cargo test --release --test science_memorisation\`, native flex, defaults: ${first.examples} digits, ${Math.round(100 * first.flip_fraction)} % flipped, K = ${first.models} networks per width, ${first.epochs} epochs, temperature ${first.temperature}; seed 0, ${first.steps.toLocaleString("en-US")} Adam steps with its students):\n\n${table(
      ["width", "memorisation: flipped", "clean", "test accuracy", "distilled: flipped", "clean", "test accuracy"],
      rows,
    )}\n\nTrajectories, ${perSeed}. The claims' values over the seeds: ${noise}. With 10 % flipped instead (no students), clean ${trajectories(control.trajectories_of_memorised_clean)}. The students memorise the increasing examples less at ${lower.length} of the ${inc.length} widths whose label-trained networks memorise them (mean ≥ 0.25; width ${pairs}).`;
  },
};
