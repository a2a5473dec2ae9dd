// README.md's generated block `demos`: one row per demo of the one list (the folders of
// src/demos/ that build.rs registers), in its order, with the paper and the page of docs/demos/<id>.md. A registered
// demo without its page, or a page of no registered demo, fails the check.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { read, root, table } from "./_format.mjs";

// The ids of the registered demos, in the registry's order: the folders of src/demos/ whose mod.rs
// holds `impl Demo for` (build.rs), alphabetically, each id read from its `const ID`.
export function registeredIds() {
  const folders = readdirSync(join(root, "src/demos"))
    .filter((f) => statSync(join(root, "src/demos", f)).isDirectory() && existsSync(join(root, "src/demos", f, "mod.rs")))
    .sort();
  const ids = folders.map((f) => {
    const code = read(`src/demos/${f}/mod.rs`);
    if (!code.includes("impl Demo for ")) throw new Error(`src/demos/${f}/mod.rs has no \`impl Demo for\``);
    const id = code.match(/const ID: &'static str = "([a-z-]+)";/)?.[1];
    if (!id) throw new Error(`src/demos/${f}/mod.rs has no \`const ID: &'static str = "…";\``);
    return id;
  });
  if (ids.length === 0) throw new Error("no demo folders under src/demos/");
  return ids;
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
