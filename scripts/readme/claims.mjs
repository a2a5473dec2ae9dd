// README.md's generated block `claims`: every claim judged by a science test, from the `claims`
// field its log holds (tests/common: claims_log), demo by demo in the registry's order. Rows of a
// log that is not the demo's own default run are its variants and negative controls, where a claim
// may rightly not hold. A registered demo whose logs judge no claim fails the check.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { json, root, table } from "./_format.mjs";
import { registeredIds } from "./demos.mjs";

const marks = { holds: "✓ holds", "does-not-hold": "✗ does not hold", "not-decided": "… not decided" };

// Every `claims` array in a log: at its top, or one level down (a log of several runs).
function claimsOf(log) {
  const found = [];
  if (Array.isArray(log.claims)) found.push(["", log.claims]);
  for (const [key, value] of Object.entries(log)) {
    if (value && typeof value === "object" && Array.isArray(value.claims)) found.push([key, value.claims]);
  }
  return found;
}

export const blocks = {
  claims() {
    const logs = readdirSync(join(root, "tests/logs")).filter((f) => f.endsWith(".json")).sort();
    const rows = [];
    for (const id of registeredIds()) {
      // The demo's own log first, then its variants.
      const mine = logs.filter((f) => f === `${id}.json` || f.startsWith(`${id}-`)).sort((a, b) => (a === `${id}.json` ? -1 : b === `${id}.json` ? 1 : a < b ? -1 : 1));
      const cited = new Set();
      let judged = 0;
      for (const file of mine) {
        for (const [part, claims] of claimsOf(json(`tests/logs/${file}`))) {
          for (const c of claims) {
            judged += 1;
            const log = `[${file}${part ? ` (${part})` : ""}](tests/logs/${file})`;
            // A claim's reference once per demo: the same for every run of it.
            const reference = cited.has(c.id) ? "〃" : c.source ? `${c.reference} (${c.source})` : c.reference;
            cited.add(c.id);
            const at = c.at ? ` at ${c.at}` : "";
            rows.push([id, `\`${c.id}\``, c.bound, reference, `${c.shown}${at}`, marks[c.state] ?? c.state, log]);
          }
        }
      }
      if (judged === 0) throw new Error(`demo '${id}': no science log in tests/logs/ judges its claims`);
    }
    return table(["demo", "claim", "bound", "reference", "measured (native, seeded)", "state", "log"], rows);
  },
};
