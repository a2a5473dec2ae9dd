// docs/demos/path-star.md's generated block `path-star` (see scripts/readme-numbers.mjs).
import { f2, f3, json, lines, range, table } from "./_format.mjs";

export const blocks = {
  "path-star"() {
    const log = json("tests/logs/path-star.json").evaluations;
    const of = (mode) => log.filter((e) => e.mode === mode);
    const forward = of("forward").filter((e) => e.step >= 500);
    const reverse = of("reverse");
    const at500 = reverse.find((e) => e.step === 500);
    const solved = reverse.find((e) => e.exact_match === 1);
    const lastForced = forward[forward.length - 1].forced.map(f2).join(", ");
    const teacherless = lines("bench/results-teacherless-10k-h200-2026-11-27.log", /"teacherless"/).map((l) => JSON.parse(l));
    const best = Math.max(...teacherless.map((e) => e.exact_match));
    const last = teacherless[teacherless.length - 1];
    return `From \`tests/logs/path-star.json\` (\`cargo test --release --test science_path_star\`, native flex) and, for teacherless, \`bench/results-teacherless-10k-h200-2026-11-27.log\` (H200, wgpu):\n\n${table(
      ["mode", "measured", "teacher-forced accuracy by position (last evaluation)"],
      [
        ["teacher forcing", `exact match ${range(forward.map((e) => e.exact_match), f3)} from step 500 to ${forward[forward.length - 1].step.toLocaleString("en")}`, `[${lastForced}]`],
        ["reverse", `${f3(at500.exact_match)} at step 500${solved ? `, 1.000 from ${solved.step}` : ""}`, `[${reverse[reverse.length - 1].forced.map(f2).join(", ")}]`],
        ["teacherless", `at most ${f3(best)} over ${last.step.toLocaleString("en")} steps`, `[${last.forced.map(f2).join(", ")}]`],
      ],
    )}`;
  },
};
