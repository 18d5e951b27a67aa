#!/usr/bin/env bash
# Benchmark: Lighthouse (mobile, default throttling) on the landing page and
# Today, against a fresh release server. Lighthouse is installed on first use
# into target/lighthouse, outside the test tooling CI installs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build.sh --browser

LH_DIR=target/lighthouse
LH_VERSION=12.2.3
if ! "$LH_DIR/node_modules/.bin/lighthouse" --version 2>/dev/null | grep -qx "$LH_VERSION"; then
  npm install --prefix "$LH_DIR" --no-audit --no-fund --no-save "lighthouse@$LH_VERSION"
fi

source scripts/bench-server.sh
bench_server 3198
printf '\n%-12s %12s %14s %15s %6s\n' page performance accessibility best-practices seo
for path in / /app/today; do
  report="$LH_DIR/report$(echo "$path" | tr / _).json"
  run() {
    CHROME_PATH=/usr/bin/chromium "$LH_DIR/node_modules/.bin/lighthouse" "http://127.0.0.1:3198$path" \
      --quiet --form-factor=mobile --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
      --only-categories="$1" --output=json --output-path="$report"
  }
  # Seen here: Lighthouse 12.2.3 cannot read the trace of Debian's Chromium
  # 156 (NO_NAVSTART), so performance may be unmeasurable; the other
  # categories are then measured on their own.
  run performance,accessibility,best-practices,seo 2>/dev/null ||
    run accessibility,best-practices,seo || { echo "lighthouse failed on $path" >&2; continue; }
  node -e '
    const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    const s = (k) => (r.categories[k] ? Math.round(r.categories[k].score * 100) : "n/a");
    const failing = Object.values(r.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary").map((a) => a.id);
    console.log(`${process.argv[2].padEnd(12)} ${String(s("performance")).padStart(12)} ${String(s("accessibility")).padStart(14)} ${String(s("best-practices")).padStart(15)} ${String(s("seo")).padStart(6)}`);
    if (failing.length) console.log(`             failing: ${failing.join(", ")}`);
    // For the table of scripts/bench.sh.
    console.log(`FIGURE|Lighthouse mobile ${process.argv[2]}: performance / accessibility / best practices / SEO|${["performance", "accessibility", "best-practices", "seo"].map(s).join(" / ")}|≥ 95 / 100 / 100 / 100`);
  ' "$report" "$path"
done
