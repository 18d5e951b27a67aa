// Writes .br and .gz next to each text/WASM asset of the built site, so the
// server sends them compressed without compressing on every request.
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, extname } from "node:path";

const root = process.argv[2] ?? "target/site";
const worthIt = new Set([".wasm", ".js", ".css", ".svg", ".json", ".webmanifest", ".html", ".txt"]);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

const fresh = (target, source) => {
  try { return statSync(target).mtimeMs >= statSync(source).mtimeMs; } catch { return false; }
};

let written = 0;
for (const path of files(root)) {
  if (!worthIt.has(extname(path))) continue;
  const raw = readFileSync(path);
  if (!fresh(`${path}.br`, path)) {
    writeFileSync(`${path}.br`, brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }));
    written++;
  }
  if (!fresh(`${path}.gz`, path)) {
    writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
    written++;
  }
}
console.log(`precompress: ${written} file(s) written under ${root}`);
