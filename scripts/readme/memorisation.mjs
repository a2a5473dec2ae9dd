// docs/demos/memorisation.md's generated block `memorisation` (see scripts/readme-numbers.mjs).
import { f3, json, table } from "./_format.mjs";

const share = (n, of) => `${n} (${Math.round((100 * n) / of)} %)`;

export const blocks = {
  memorisation() {
    const { flipped: log, clean } = json("tests/logs/memorisation.json");
    const students = new Map(log.distilled.map((s) => [s.width, s]));
    const rows = log.labels.map((l) => {
      const s = students.get(l.width);
      return [`${l.width}`, f3(l.flipped), f3(l.clean), f3(l.test_accuracy), s ? f3(s.flipped) : "–", s ? f3(s.clean) : "–", s ? f3(s.test_accuracy) : "–"];
    });
    const trajectories = (r) => {
      const t = r.trajectories_of_memorised;
      return `of the ${r.memorised} examples memorised (score ≥ 0.25) at some width, ${share(t.increasing, r.memorised)} increase with width, ${share(t.cap, r.memorised)} are cap-shaped, ${share(t.decreasing, r.memorised)} decrease and ${share(t.flat, r.memorised)} are flat`;
    };
    const inc = log.comparisons.filter((c) => c.labels >= 0.25);
    const lower = inc.filter((c) => c.distilled < c.labels);
    const pairs = inc.map((c) => `${c.width}: ${f3(c.distilled)} against ${f3(c.labels)}`).join("; ");
    return `From \`tests/logs/memorisation.json\` (\`cargo test --release --test science_memorisation\`, native flex, defaults: K = ${log.models} networks per width, ${log.epochs} epochs, temperature ${log.temperature}, ${log.steps.toLocaleString("en-US")} Adam steps in all):\n\n${table(
      ["width", "memorisation: flipped", "clean", "test accuracy", "distilled: flipped", "clean", "test accuracy"],
      rows,
    )}\n\nWith ${Math.round(100 * log.flip_fraction)} % of labels flipped, ${trajectories(log)}. Without flipped labels (same settings, no students), ${trajectories(clean)}. The students memorise the increasing examples less at ${lower.length} of the ${inc.length} widths whose label-trained networks memorise them (mean ≥ 0.25; width ${pairs}).`;
  },
};
