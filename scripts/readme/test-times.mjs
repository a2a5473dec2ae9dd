// README.md's generated block `test-times`: how long the test command's tiers took, from logs of
// whole runs (bench/results-test-*.log: a first line `# command: …; cache: …; machine: …`, then
// the command's output, whose `=== STEP (HH:MM:SS, N s in)` lines give the times).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { read, root, table } from "./_format.mjs";

const minutes = (s) => `${(s / 60).toFixed(1)} min`;

export const blocks = {
  "test-times"() {
    const logs = readdirSync(join(root, "bench")).filter((f) => /^results-test-.*\.log$/.test(f)).sort();
    if (logs.length === 0) throw new Error("no bench/results-test-*.log");
    const rows = logs.map((file) => {
      const text = read(`bench/${file}`);
      const head = text.match(/^# command: (.*?); cache: (.*?); machine: (.*)$/m);
      if (!head) throw new Error(`bench/${file}: no '# command: …; cache: …; machine: …' line`);
      const steps = [...text.matchAll(/^=== (.*) \(\d\d:\d\d:\d\d, (\d+) s in\)$/gm)].map((m) => ({ name: m[1], at: Number(m[2]) }));
      const end = steps.at(-1);
      if (!end || !/passed$/.test(end.name)) throw new Error(`bench/${file}: the run did not pass (last step: ${end?.name})`);
      const stages = steps.slice(0, -1).map((s, i) => `${s.name} ${minutes(steps[i + 1].at - s.at)}`);
      return [`\`${head[1]}\``, head[2], minutes(end.at), stages.join("; "), `\`bench/${file}\``];
    });
    return table(["command", "cache", "total", "by step", "log"], rows);
  },
};
