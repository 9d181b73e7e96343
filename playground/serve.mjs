// Serves build/playground/ (static files only) on 127.0.0.1:PORT and prints the address.
//   node playground/serve.mjs [--port N]     (default: $PORT, else 8080, else any free port)
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "build", "playground");
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json", ".wasm": "application/wasm", ".map": "application/json", ".png": "image/png",
  ".tar": "application/x-tar", ".a": "application/octet-stream",
};

export function serve(port = 0, host = "127.0.0.1") {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(ROOT, path.normalize(rel));
    if (!file.startsWith(ROOT + path.sep) || req.method !== "GET" && req.method !== "HEAD") { res.writeHead(403).end(); return; }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) { res.writeHead(404, { "content-type": "text/plain" }).end("not found\n"); return; }
      res.writeHead(200, {
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
        "content-length": st.size,
        "cache-control": "no-cache",
      });
      if (req.method === "HEAD") { res.end(); return; }
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (!fs.existsSync(path.join(ROOT, "index.html"))) {
    console.error("playground: build/playground/ is missing: run node playground/build.mjs (npm run playground does)");
    process.exit(1);
  }
  const i = process.argv.indexOf("--port");
  const want = Number(i > 0 ? process.argv[i + 1] : process.env.PORT ?? 8080);
  const server = await serve(want).catch((e) => (e.code === "EADDRINUSE" ? serve(0) : Promise.reject(e)));
  console.log(`int80 playground: http://127.0.0.1:${server.address().port}/  (Ctrl+C stops)`);
}
