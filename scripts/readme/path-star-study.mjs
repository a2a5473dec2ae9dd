// docs/demos/path-star.md's generated blocks `path-star-study` and `path-star-degree-3` (see scripts/readme-numbers.mjs).
import { f2, f3, json, table } from "./_format.mjs";

const n = (v) => v.toLocaleString("en");

export const blocks = {
  "path-star-study"() {
    const study = json("src/demos/path_star/presets.json");
    const backends = [...new Set(study.shapes.flatMap((s) => s.rungs.flatMap((r) => r.seeds.map((x) => x.backend ?? "flex"))))];
    const where = backends.length === 1 && backends[0] === "flex" ? "native flex on the 2-core machine" : `backends ${backends.join(", ")} (flex: the 2-core machine; wgpu: a lent GPU)`;
    const rows = study.shapes.map((s) => {
      const tried = s.rungs.map((r) => {
        const at = r.seeds.filter((x) => x.reached_at != null).map((x) => n(x.reached_at));
        return `${r.layers}×${r.d_model}×${r.heads}, ${n(r.steps)} steps: ${r.reached} of ${r.tried}${at.length ? ` (at ${at.join(", ")})` : ""}`;
      });
      const rung = s.preset && s.rungs.find((r) => r.layers === s.preset.layers && r.d_model === s.preset.d_model && r.heads === s.preset.heads && r.steps === s.preset.steps);
      const forward = rung?.forward ? `${f2(rung.forward.first_decision)} (1/d = ${f2(1 / s.degree)}) at step ${n(rung.forward.step)}` : "—";
      const teacherless = s.rungs.find((r) => r.teacherless)?.teacherless;
      const preset = s.preset ? `${s.preset.layers} layers × width ${s.preset.d_model} × ${s.preset.heads} heads, ${n(s.preset.steps)} steps` : s.outcome === "nothing-learned" ? "none: nothing learned" : "not studied yet";
      return [
        `G(${s.degree}, ${s.path_len}, ${s.labels})`,
        preset,
        tried.join("; ") || "—",
        forward,
        teacherless ? `${f3(teacherless.exact_match)} at step ${n(teacherless.step)}` : "—",
      ];
    });
    return `From \`src/demos/path_star/presets.json\` (written by \`node bench/path-star-study.mjs\` from its run logs in \`bench/path-star-study/\`; ${where}; reverse runs stop at their first evaluation ≥ ${study.threshold} on ${n(study.evaluation.eval_graphs)} held-out graphs):\n\n${table(
      ["shape", "preset", "reverse: seeds that reached 0.95, by rung", "teacher forcing's decision", "teacherless exact match"],
      rows,
    )}`;
  },
  "path-star-degree-3"() {
    const log = json("tests/logs/path-star-degree-3.json");
    const r = log.reverse.at(-1);
    const f = log.forward.at(-1);
    const plateau = json("tests/logs/path-star-plateau.json");
    return `From \`tests/logs/path-star-plateau.json\`: the plateau run was found on its plateau from step ${plateau.plateau_since} of ${plateau.evaluations.at(-1).step}. From \`tests/logs/path-star-degree-3.json\`: with the preset (${log.preset.layers} layers, width ${log.preset.d_model}, ${log.preset.heads} heads, a ${n(log.preset.steps)}-step schedule), reverse training reached exact match ${f3(r.exact_match)} at step ${n(r.step)}; teacher forcing had learned the cheat by step ${n(f.step)} (forced accuracy [${f.forced.map(f2).join(", ")}]) with exact match ${f3(f.exact_match)}, 1/3 ± 0.08.`;
  },
};
