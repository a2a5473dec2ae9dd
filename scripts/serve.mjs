// A static file server for minima's production site, dist/ (scripts/build-web.sh writes it), on
// localhost, with the right MIME types, precompressed files and cache headers. No dependencies.
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

const HASHED = /^(ui|cpu|gpu)-[0-9a-f]{10}$/;

/// Serves `root` (dist/, written by scripts/build-web.sh). A file with a precompressed twin
/// (file.br, file.gz) is sent compressed when the browser accepts it; files in a module's hashed
/// folder are cached for a year, everything else is revalidated (`no-cache`), so a new build shows
/// at once.
/// The Content-Security-Policy of every page: scripts and workers from this origin only, wasm
/// compiled (not eval), fetches to this origin, no plugins, no <base>.
export const CSP =
  "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'";

export function serve(root, port = 8080, host = "127.0.0.1") {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
      let file = normalize(join(base, path));
      if (relative(base, file).startsWith("..")) {
        res.writeHead(403).end("forbidden");
        return;
      }
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const accepts = String(req.headers["accept-encoding"] ?? "");
      let encoding = null;
      let body;
      for (const [name, ext] of [["br", ".br"], ["gzip", ".gz"]]) {
        if (!new RegExp(`\\b${name}\\b`).test(accepts)) continue;
        body = await readFile(file + ext).catch(() => null);
        if (body) {
          encoding = name;
          break;
        }
      }
      body ??= await readFile(file);
      const hashed = relative(base, file).split(sep).some((part) => HASHED.test(part));
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
        ...(encoding ? { "content-encoding": encoding } : {}),
        vary: "accept-encoding",
        // Public, static files: other sites may import www/minima-embed.js and embed the page.
        "access-control-allow-origin": "*",
        "x-content-type-options": "nosniff",
        // The pages' policy (their meta tags hold the same), plus what only a header can say:
        // any site may frame the demos (embedding).
        ...(extname(file) === ".html" ? { "content-security-policy": `${CSP}; frame-ancestors *` } : {}),
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 8080);
  const root = resolve(fileURLToPath(import.meta.url), "../../dist");
  const server = await serve(root, port);
  console.log(`minima: serving ${root} on http://localhost:${server.address().port}/ (Ctrl-C stops)`);
}
