// README.md's generated block `time-to-verdict`: the newest bench/results-time-to-verdict-*.log
// (node bench/time-to-verdict.mjs), a row per demo.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { lines, root, table } from "./_format.mjs";

export const blocks = {
  "time-to-verdict"() {
    const logs = readdirSync(join(root, "bench")).filter((f) => /^results-time-to-verdict-[\d-]+\.log$/.test(f)).sort();
    if (!logs.length) throw new Error("no bench/results-time-to-verdict-*.log: run node bench/time-to-verdict.mjs");
    const log = `bench/${logs.at(-1)}`;
    const machine = lines(log, /^# time to verdict/)[0].match(/; (\d+ cores[^;]*);/)?.[1] ?? "?";
    const rows = lines(log, /^(?!demo \|)[a-z-]+ \| /).map((l) => {
      const [demo, first, verdict, , steps, workers, asked] = l.split(" | ");
      const seconds = (s) => (/^[\d.]+$/.test(s) ? `${s} s` : s);
      return [demo, seconds(first), seconds(verdict), workers, asked === "asked" ? "yes" : "no"];
    });
    return `From \`${log}\` (${machine}, flex in headless Chromium, each demo at its defaults; the target is 60 s):\n\n${table(
      ["demo", "first evidence", "verdict (every claim decided)", "workers", "long-run question asked"],
      rows,
    )}`;
  },
};
