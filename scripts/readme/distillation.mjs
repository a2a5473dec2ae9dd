// docs/demos/distillation.md's generated block `distillation` (see scripts/readme-numbers.mjs).
import { f3, json, table } from "./_format.mjs";

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
const signed = (v) => (Math.abs(v) < 5e-4 ? "0.000" : `${v >= 0 ? "+" : "−"}${f3(Math.abs(v))}`);
const LIMITS = "src/demos/distillation/limits.json";

export const blocks = {
  distillation() {
    const log = json("tests/logs/distillation.json");
    const rows = log.pairs.map((p) => [
      `${p.seed}`,
      f3(p.slope),
      `${p.least_confident_gap >= 0 ? "+" : "−"}${f3(Math.abs(p.least_confident_gap))}`,
      `${p.most_confident_gap >= 0 ? "+" : "−"}${f3(Math.abs(p.most_confident_gap))}`,
      f3(p.teacher_fit),
      f3(p.teacher_test),
      f3(p.student_test),
    ]);
    const lower = log.pairs.filter((p) => p.least_confident_gap <= -0.05).length;
    return `From \`tests/logs/distillation.json\` (\`cargo test --release --test science_distillation\`, native flex, defaults: 1,000 digits with 20 % of the labels flipped, MLP 64-256-256-10, Adam 1e-3, 100 + 100 epochs, 5 seeds):\n\n${table(
      ["seed", "slope", "student − teacher, least confident 10 %", "most confident half", "teacher fits given labels", "test: teacher", "student"],
      rows,
    )}\n\nThe student's log-odds rise with the teacher's at slope ${f3(log.slope)} ± ${f3(log.slope_sd)}; on the teacher's least confident tenth the student is lower in ${lower} of ${log.pairs.length} seeds by ≥ 0.05 (mean ${signed(mean(log.pairs.map((p) => p.least_confident_gap)))}).`;
  },
  "distillation-limits"() {
    const log = json(LIMITS);
    const rows = log.variants.map((v) => {
      const over = (f) => v.pairs.map(f);
      const slopes = over((p) => p.slope);
      const [teacher, student] = [mean(over((p) => p.test_accuracy[0])), mean(over((p) => p.test_accuracy[1]))];
      const changed = Object.entries(v.settings).map(([k, x]) => `${k} = ${x}`).join(", ") || "defaults";
      return [
        `${v.key} (${changed})`,
        `${f3(mean(slopes))} ± ${f3(sd(slopes))}`,
        signed(mean(over((p) => p.least_confident_gap))),
        f3(mean(over((p) => p.teacher_fit))),
        `${f3(teacher)} / ${f3(student)} (${signed(student - teacher)})`,
      ];
    });
    return `From \`${LIMITS}\` (\`node bench/distillation-limits.mjs\`: \`minima run distillation\` per variant, ${log.machine}, ${log.date}; means over the ${log.variants[0].pairs.length} seeds; the page links each variant and shows this table):\n\n${table(
      ["variant", "slope", "student − teacher, least confident 10 %", "teacher fits given labels", "test: teacher / student (gain)"],
      rows,
    )}`;
  },
};
