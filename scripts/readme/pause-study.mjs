// docs/studies/pause-tokens.md's generated block `pause-study`: the pause-token study's results,
// read from its run logs (bench/pause-study/logs/RUN.jsonl, written by bench/pause-study/study.py).
// A setting is a run's name without its seed; its accuracy is the last evaluation's (2,048
// held-out examples), as the mean over the seeds that finished, with their range.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { f3, read, root, table } from "./_format.mjs";

const DIR = "bench/pause-study/logs";
const PRETRAIN_ARMS = {
  "plain-none": "no pauses",
  "plain-pause": "pauses in finetuning only",
  "pauses-none": "pauses in pretraining only",
  "pauses-pause": "pauses in both",
};

function finishedRuns() {
  return readdirSync(join(root, DIR))
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .map((f) => read(join(DIR, f)).trim().split("\n").map((l) => JSON.parse(l)))
    .filter((lines) => "end" in lines.at(-1))
    .map((lines) => ({ head: lines[0], end: lines.at(-1) }));
}

// What a model gets by a rule that ignores the question's hard part: for k-hop pointer chasing on
// a uniform random permutation of n, answering the start s is right when s's cycle length (uniform
// on 1..n) divides k; the other tasks are balanced yes/no questions.
function baseline(spec) {
  if (spec.task === "pointer") {
    let divisors = 0;
    for (let length = 1; length <= spec.n; length++) if (spec.hops % length === 0) divisors++;
    return { value: divisors / spec.n, rule: "answering the start" };
  }
  return { value: 0.5, rule: "a constant answer" };
}

function settingName(spec, model) {
  const size = `${model.layers} layers × width ${model.d_model}`;
  if (spec.task === "pointer") return `${spec.hops}-hop pointer chasing, ${spec.n} pointers, ${size}`;
  if (spec.task === "parity") return `parity of ${spec.n} bits, ${size}`;
  if (spec.task === "three_sum") return `3SUM mod ${spec.m} of ${spec.n}, ${size}`;
  const f = spec.finetune;
  return `pretraining, then 3SUM mod ${f.m} of ${f.n} (${f.pauses} pauses), ${size}`;
}

function armName(spec) {
  const pauses = spec.pauses;
  return {
    none: "no extra tokens",
    pause: `${pauses} pauses`,
    cot: "chain of thought",
    mixed: `${pauses} pauses, trained half on chain of thought`,
  }[spec.arm];
}

export function studyRows() {
  const rows = new Map();
  const add = (setting, arm, run, accuracy) => {
    const key = `${setting}\u0000${arm}`;
    if (!rows.has(key)) rows.set(key, { setting, arm, accuracy: [], devices: new Set(), steps: run.head.steps, spec: run.head.spec });
    const row = rows.get(key);
    row.accuracy.push(accuracy);
    row.devices.add(run.head.device);
  };
  for (const run of finishedRuns()) {
    const { spec, model } = run.head;
    const setting = settingName(spec, model);
    if (spec.task === "pretrain") {
      for (const [middle, accuracy] of Object.entries(run.end.accuracy)) {
        add(setting, PRETRAIN_ARMS[`${run.end.pretraining}-${middle}`], run, accuracy);
      }
    } else {
      add(setting, armName(spec), run, run.end.accuracy);
    }
  }
  return [...rows.values()];
}

export const blocks = {
  "pause-study"() {
    const rows = studyRows();
    const devices = [...new Set(rows.flatMap((r) => [...r.devices]))].sort();
    const body = rows.map((r) => {
      const b = baseline(r.spec.task === "pretrain" ? r.spec.finetune : r.spec);
      const mean = r.accuracy.reduce((a, v) => a + v, 0) / r.accuracy.length;
      return [
        r.setting,
        r.arm,
        `${f3(mean)} (${f3(Math.min(...r.accuracy))}–${f3(Math.max(...r.accuracy))})`,
        String(r.accuracy.length),
        `${f3(b.value)} (${b.rule})`,
        r.steps.toLocaleString("en"),
      ];
    });
    return `From the run logs in \`${DIR}/\` (\`python3 bench/pause-study/study.py\`; run on ${devices.join(" and ")}): accuracy of the answer on 2,048 held-out examples after the last step, the mean over seeds with its range. Settings of the plan that are missing have not finished yet.\n\n${table(
      ["setting", "arm", "accuracy: mean (range)", "seeds", "baseline", "steps"],
      body,
    )}`;
  },
};
