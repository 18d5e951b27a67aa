// Writes <site>/sw.js from scripts/sw.template.js with the list of files the
// build produced and a version that is the hash of their contents.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const root = process.argv[2] ?? "target/site";
// The WASM bundles a patient's phone keeps (app/src/routes.rs): the daily
// loop, the records and care (assessment, bladder diary). Any other area's bundle (a therapist's, an admin's)
// is never precached, so its code never reaches a patient's phone.
const PATIENT_BUNDLES = ["daily", "records", "care"];
const otherBundle = (path) => {
  const match = /[\\/]pkg[\\/]([^\\/]+)\.(js|wasm)$/.exec(path);
  return match !== null && !PATIENT_BUNDLES.includes(match[1]);
};
const skip = (name) => name === "sw.js" || name.endsWith(".br") || name.endsWith(".gz") || name.endsWith(".d.ts") || name === "robots.txt";

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (!skip(entry.name) && !otherBundle(path)) yield path;
  }
}

const hash = createHash("sha256");
const assets = [];
for (const path of [...files(root)].sort()) {
  const url = "/" + relative(root, path).split(sep).join("/");
  hash.update(url).update(readFileSync(path));
  assets.push(url);
}
// The education modules' pages (app/content/learn) and what follows each
// (its quiz or question to reflect on), read offline too.
const learn = new URL("../app/content/learn/", import.meta.url);
const modulePages = ["/learn"];
for (const slug of readFileSync(new URL("modules.txt", learn), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))) {
  const text = readFileSync(new URL(`nb/${slug}.md`, learn), "utf8");
  const pages = text.split("\n").filter((line) => line.trim() === "---").length + 1;
  for (let page = 1; page <= pages; page++) modulePages.push(`/learn/${slug}/${page}`);
  modulePages.push(`/learn/${slug}/done`);
  hash.update(text);
}
// The app's pages kept offline: `OFFLINE_PAGES` in app/src/routes.rs,
// so a page added there is precached without a second list to keep.
const routes = readFileSync(new URL("../app/src/routes.rs", import.meta.url), "utf8");
const paths = Object.fromEntries([...routes.matchAll(/pub const (\w+): &str = "([^"]+)";/g)].map((m) => [m[1], m[2]]));
const listed = /pub const OFFLINE_PAGES: \[&str; \d+\] = \[([^\]]*)\]/.exec(routes);
if (!listed) throw new Error("OFFLINE_PAGES not found in app/src/routes.rs");
const pages = listed[1].split(",").map((n) => n.trim()).filter(Boolean).map((name) => {
  if (!(name in paths)) throw new Error(`OFFLINE_PAGES names ${name}, which routes.rs does not define`);
  return paths[name];
});
hash.update(pages.join("\n"));
const version = hash.digest("hex").slice(0, 16);
const template = readFileSync(new URL("./sw.template.js", import.meta.url), "utf8");
writeFileSync(join(root, "sw.js"), template.replace("__VERSION__", version).replace("__ASSETS__", JSON.stringify(assets)).replace("__PAGES__", JSON.stringify(pages)).replace("__MODULE_PAGES__", JSON.stringify(modulePages)));
console.log(`sw.js: version ${version}, ${assets.length} files, ${pages.length} app pages and ${modulePages.length} module pages precached`);
