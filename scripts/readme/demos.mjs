// README.md's generated block `demos`: one row per demo of the one list (`registry!` in
// src/demos/mod.rs), in its order, with the paper and the page of docs/demos/<id>.md. A registered
// demo without its page, or a page of no registered demo, fails the check.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { read, root, table } from "./_format.mjs";

// The registry's entries `module::Type`; a demo's id is its module's name with hyphens.
export function registeredIds() {
  const list = read("src/demos/mod.rs").match(/registry! \{([^}]*)\}/);
  const entries = list ? list[1].split(",").map((e) => e.trim()).filter(Boolean) : [];
  if (entries.length === 0) throw new Error("no demos found in src/demos/mod.rs's registry! list");
  return entries.map((e) => e.split("::")[0].replaceAll("_", "-"));
}

export const blocks = {
  demos() {
    const ids = registeredIds();
    const pages = readdirSync(join(root, "docs/demos")).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3));
    const stray = pages.filter((p) => !ids.includes(p));
    if (stray.length) throw new Error(`docs/demos/ has pages of no registered demo: ${stray.join(", ")}`);
    const rows = ids.map((id) => {
      const path = `docs/demos/${id}.md`;
      if (!existsSync(join(root, path))) throw new Error(`demo '${id}' has no page ${path}`);
      const text = read(path);
      const title = text.match(/^# (.*?) \(`#demo=/)?.[1];
      const paper = text.match(/^Paper: (.*)\.$/m)?.[1];
      if (!title || !paper) throw new Error(`${path} must open with '# Title (\`#demo=${id}\`)' and a 'Paper: …' line`);
      return [`[${title}](${path})`, `\`#demo=${id}\``, paper];
    });
    return table(["demo", "URL", "paper"], rows);
  },
};
