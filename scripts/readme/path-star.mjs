// docs/demos/path-star.md's generated block `path-star` (see scripts/readme-numbers.mjs).
import { f2, f3, json, lines, range, table } from "./_format.mjs";

export const blocks = {
  "path-star"() {
    const science = json("tests/logs/path-star.json");
    const log = science.evaluations;
    const of = (mode) => log.filter((e) => e.mode === mode);
    // Teacher forcing from the evaluation where it has learned the cheat (the claim's rule).
    const cheat = of("forward").findIndex((e) => e.forced.slice(2).every((a) => a >= 0.95));
    const forward = of("forward").slice(cheat);
    const reverse = of("reverse");
    const decided = reverse.find((e) => e.exact_match >= 0.95);
    const solved = reverse.find((e) => e.exact_match === 1);
    const lastForced = forward[forward.length - 1].forced.map(f2).join(", ");
    const teacherless = lines("bench/results-teacherless-10k-h200-2026-11-27.log", /"teacherless"/).map((l) => JSON.parse(l));
    const best = Math.max(...teacherless.map((e) => e.exact_match));
    const last = teacherless[teacherless.length - 1];
    return `From \`tests/logs/path-star.json\` (\`cargo test --release --test science_path_star\`, native flex) and, for teacherless, \`bench/results-teacherless-10k-h200-2026-11-27.log\` (H200, wgpu):\n\n${table(
      ["mode", "measured", "teacher-forced accuracy by position (last evaluation)"],
      [
        ["teacher forcing", `exact match ${range(forward.map((e) => e.exact_match), f3)} from step ${forward[0].step} (the cheat learned) to ${forward[forward.length - 1].step.toLocaleString("en")}`, `[${lastForced}]`],
        ["reverse", `${f3(decided.exact_match)} at step ${decided.step}${solved ? `, 1.000 from ${solved.step}` : ""}`, `[${reverse[reverse.length - 1].forced.map(f2).join(", ")}]`],
        ["teacherless", `at most ${f3(best)} over ${last.step.toLocaleString("en")} steps`, `[${last.forced.map(f2).join(", ")}]`],
      ],
    )}\n\n${attention(science.attention)}`;
  },
};

/** The trained models' attention (the page's table), from the science log: the last block. */
function attention(rows) {
  const last = Math.max(...rows.map((r) => r.block));
  const at = (mode, from, to) => rows.filter((r) => r.mode === mode && r.block === last && r.position >= from && r.position <= to);
  const share = (rs, key) => range(rs.map((r) => r[key]), f2);
  const path = Math.max(...rows.map((r) => r.position)); // the last node's position
  const lookups = at("forward", 2, path - 1);
  const decision = at("forward", 1, 1)[0];
  const back = at("reverse", 1, path - 1);
  return `Where the trained models look (their last block, over ${rows[0].graphs} held-out graphs with the true path fed in, mean over heads): writing nodes ${lookups[0].position + 1}–${lookups.at(-1).position + 1}, teacher forcing puts ${share(lookups, "answer_edge")} of its attention on the edge out of the node before (${f2(lookups[0].uniform)} if spread evenly); at the decision, ${f2(decision.answer_edge)} on the right edge out of the source and ${f2(decision.other_edges)} on the other edges. Reverse puts ${share(back, "answer_edge")} on the edge into the node it wrote before, writing nodes ${back[0].position + 1}–${back.at(-1).position + 1}.`;
}
