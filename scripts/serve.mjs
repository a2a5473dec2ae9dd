// A static file server for minima: serves the page's files (index.html, www/, data/) from the
// repository on localhost, with the right MIME types; nothing else of the repository (.git,
// sources) is served. No dependencies.
//   node scripts/serve.mjs [port]        (default 8080)
// Also imported by the end-to-end tests: `serve(root, port)` resolves to the listening server.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".bin": "application/octet-stream",
};

export function serve(root, port = 8080, host = "127.0.0.1") {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
      let file = normalize(join(base, path));
      const top = relative(base, file).split(sep)[0];
      if (!["", "index.html", "www", "data"].includes(top)) {
        res.writeHead(403).end("forbidden");
        return;
      }
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-cache",
        // Public, static files: other sites may import www/minima-embed.js and embed the page.
        "access-control-allow-origin": "*",
        "x-content-type-options": "nosniff",
      });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 8080);
  const root = resolve(fileURLToPath(import.meta.url), "../..");
  const server = await serve(root, port);
  console.log(`minima: serving ${root} on http://localhost:${server.address().port}/ (Ctrl-C stops)`);
}
