// The pause-token study's blocks, read from its run logs (bench/pause-study/logs/RUN.jsonl, written
// by bench/pause-study/study.py) and its plan (bench/pause-study/plan.jsonl, which every study run
// writes): docs/studies/pause-tokens.md's `pause-study` (each setting and arm: the accuracy of the
// last evaluation, 2,048 held-out examples, as the mean over the seeds that finished, with their
// range) and the README's `pause-study-gains` (each arm against no extra tokens, seed by seed).
// Both list what the plan holds and has not run, with what it would take on this CPU (a step's
// time from a scaled run in bench/pause-study/timing/).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { f3, read, root, table } from "./_format.mjs";

const DIR = "bench/pause-study/logs";
const PLAN = "bench/pause-study/plan.jsonl";
const TIMING = "bench/pause-study/timing";
// The study's bar for a setting the page would train: a gain of 5 points over at least 3 seeds.
const BAR = { gain: 0.05, seeds: 3 };
const PRETRAIN_ARMS = {
  "plain-none": "no pauses",
  "plain-pause": "pauses in finetuning only",
  "pauses-none": "pauses in pretraining only",
  "pauses-pause": "pauses in both",
};

function finishedRuns(dir = DIR) {
  return readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .map((f) => read(join(dir, f)).trim().split("\n").map((l) => JSON.parse(l)))
    .filter((lines) => "end" in lines.at(-1))
    .map((lines) => ({ head: lines[0], end: lines.at(-1) }));
}

const modelName = (model) => `${model.layers} layers × width ${model.d_model}`;

// The plan's runs without a finished log, by setting: "setting (N runs)", and what they would take
// on this CPU where a scaled run timed a step of their model.
function notRun() {
  const finished = new Set(finishedRuns().map((r) => r.head.run));
  const missing = read(PLAN).trim().split("\n").map((l) => JSON.parse(l)).filter((r) => !finished.has(r.name));
  if (!missing.length) return "";
  const settings = new Map();
  for (const r of missing) {
    const name = settingName(r.spec, r.model);
    settings.set(name, (settings.get(name) ?? 0) + 1);
  }
  const list = [...settings].map(([name, n]) => `${name} (${n} runs)`).join("; ");
  const timed = new Map(
    finishedRuns(TIMING).map((t) => [modelName(t.head.model), { seconds: t.end.seconds / t.head.steps, run: t }]),
  );
  const costs = [...new Set(missing.map((r) => modelName(r.model)))].map((model) => {
    const runs = missing.filter((r) => modelName(r.model) === model);
    // A pretraining run finetunes twice after its pretraining: without pauses and with them.
    const steps = runs.reduce((a, r) => a + r.steps + 2 * (r.spec.finetune_steps ?? 0), 0);
    const t = timed.get(model);
    if (!t) return `${model}: ${steps.toLocaleString("en")} steps, not timed here`;
    const hours = (steps * t.seconds) / 3600;
    return `${model}: ${steps.toLocaleString("en")} steps at ${t.seconds.toFixed(2)} s a step (${t.run.head.steps} steps of \`${t.run.head.run}\` on ${t.run.head.device}, its evaluation included, \`${TIMING}/\`), about ${Math.round(hours)} hours`;
  });
  return `Planned and not run (${missing.length} runs of \`${PLAN}\`): ${list}. On this CPU: ${costs.join("; ")}. A lent GPU runs them (\`bash bench/device-studies.sh\`).`;
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
  const size = modelName(model);
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
    return `From the run logs in \`${DIR}/\` (\`python3 bench/pause-study/study.py\`; run on ${devices.join(" and ")}): accuracy of the answer on 2,048 held-out examples after the last step, the mean over seeds with its range.\n\n${table(
      ["setting", "arm", "accuracy: mean (range)", "seeds", "baseline", "steps"],
      body,
    )}${tail(notRun())}`;
  },
  "pause-study-gains"() {
    const rows = [];
    for (const [setting, runs] of groupBy(finishedRuns(), (r) => settingName(r.head.spec, r.head.model))) {
      // Accuracy by arm, then by seed.
      const bySeed = new Map();
      for (const run of runs) {
        const arms = run.head.spec.task === "pretrain"
          ? Object.entries(run.end.accuracy).map(([m, a]) => [PRETRAIN_ARMS[`${run.end.pretraining}-${m}`], a])
          : [[armName(run.head.spec), run.end.accuracy]];
        for (const [arm, accuracy] of arms) {
          if (!bySeed.has(arm)) bySeed.set(arm, new Map());
          bySeed.get(arm).set(run.head.seed, accuracy);
        }
      }
      const control = bySeed.get("no extra tokens") ?? bySeed.get("no pauses");
      if (!control) continue;
      for (const [arm, seeds] of bySeed) {
        if (seeds === control) continue;
        const gains = [...seeds].filter(([seed]) => control.has(seed)).map(([seed, a]) => a - control.get(seed));
        if (!gains.length) continue;
        const mean = gains.reduce((a, v) => a + v, 0) / gains.length;
        const verdict = gains.length < BAR.seeds ? "too few seeds"
          : mean >= BAR.gain ? "helps" : mean <= -BAR.gain ? "hurts" : "no gain";
        const sign = (v) => `${v >= 0 ? "+" : "−"}${f3(Math.abs(v))}`;
        rows.push([setting, arm, `${sign(mean)} (${sign(Math.min(...gains))} to ${sign(Math.max(...gains))})`,
          String(gains.length), verdict]);
      }
    }
    return `From the run logs in \`${DIR}/\` (the tables by arm: [docs/studies/pause-tokens.md](docs/studies/pause-tokens.md)): each arm's accuracy minus that of no extra tokens (in the pretraining setting, of no pauses) in the same seed, the mean over seeds with its range. An arm helps when its mean gain is at least ${BAR.gain} over at least ${BAR.seeds} seeds, the bar a setting must pass for the page to train it; it hurts at −${BAR.gain} or less.\n\n${table(
      ["setting", "arm", "gain over no extra tokens: mean (range)", "seeds", "verdict"],
      rows,
    )}${tail(notRun())}`;
  },
};

const tail = (text) => (text ? `\n\n${text}` : "");

function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) {
    const k = key(item);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(item);
  }
  return groups;
}
