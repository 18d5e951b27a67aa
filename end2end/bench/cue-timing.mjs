// Benchmark: how close to its schedule every cue of a long guided session
// comes, in real Chromium with real time (no fake clock).
//   - screen cue: when the step shown and announced (aria-live) changes;
//   - audio cue: when each tone is due to leave the audio output, read on
//     the page's monotonic clock through getOutputTimestamp() pairs sampled
//     during the run (the audio thread plays a tone sample-accurately at the
//     time it was given, so this measures our scheduling).
// The error of a cue is its time minus the time the session plan gives it;
// drift is the error of the last cue minus the error of the first.
// Usage: node bench/cue-timing.mjs http://127.0.0.1:3198 [short]
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const short = process.argv[3] === "short";
// About 10.8 minutes: 3 rounds of 10 × (1 + 8 + 3 + 2 s) with 4 s rests and
// two 60 s pauses. "short" is one round of 8 × (1 + 2 + 2 s) + 3 s rests.
const dose = short
  ? { reps: 8, rounds: 1, hold: 2, lifts: 0, rest: 3 }
  : { reps: 10, rounds: 3, hold: 8, lifts: 3, rest: 4 };
const PAUSE_S = 60;
const LEAD_IN_MS = 3000;

/** The session plan, as app/src/domain/training/plan.rs builds it. */
function plan({ reps, rounds, hold, lifts, rest }) {
  const steps = [];
  let at = 0;
  const push = (kind, ms) => { steps.push({ kind, at }); at += ms; };
  for (let round = 1; round <= rounds; round++) {
    for (let rep = 1; rep <= reps; rep++) {
      push("squeeze", 1000);
      push("hold", hold * 1000);
      for (let l = 1; l <= lifts; l++) push("lift", 1000);
      push("let-go", 2000);
      if (rep < reps) push("rest", rest * 1000);
    }
    if (round < rounds) push("pause", PAUSE_S * 1000);
  }
  return { steps, total: at };
}

const { steps, total } = plan(dose);
const toned = steps.filter((s) => ["squeeze", "lift", "let-go", "pause"].includes(s.kind));

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 412, height: 915 }, locale: "nb-NO" });
await context.addInitScript(() => {
  const w = window;
  w.__tones = [];
  w.__clockPairs = [];
  const proto = AudioScheduledSourceNode.prototype;
  const start = proto.start;
  const stop = proto.stop;
  proto.start = function (when = 0, ...rest) {
    const ctx = this.context;
    const tone = { when, cancelled: false };
    this.__tone = tone;
    w.__tones.push(tone);
    if (!w.__ctx) {
      w.__ctx = ctx;
      setInterval(() => {
        const stamp = ctx.getOutputTimestamp?.() ?? {};
        w.__clockPairs.push({
          context: stamp.contextTime || ctx.currentTime,
          perf: stamp.performanceTime || performance.now(),
        });
      }, 250);
    }
    return start.call(this, when, ...rest);
  };
  proto.stop = function (when = 0, ...rest) {
    // stop(0) on a tone not yet due: it will never sound.
    if (this.__tone && when === 0 && this.context.currentTime < this.__tone.when) this.__tone.cancelled = true;
    return stop.call(this, when, ...rest);
  };
});
const page = await context.newPage();
await page.goto(`${base}/app/train`);
await page.waitForFunction(() => document.body.dataset.hydrated === "true");
await page.getByText("Tilpass dosen").click();
await page.getByLabel("Knip i hver runde").selectOption(String(dose.reps));
await page.getByLabel("Runder om dagen").selectOption(String(dose.rounds));
await page.getByLabel("Sekunder å holde").selectOption(String(dose.hold));
await page.getByLabel("Raske løft etter holdet").selectOption(String(dose.lifts));
await page.getByLabel("Sekunder hvile").selectOption(String(dose.rest));
await page.getByRole("button", { name: "Lagre dosen" }).click();
await page.getByText("Dosen er lagret.").waitFor();

await page.evaluate(() => {
  const w = window;
  w.__screen = [];
  document.querySelector("button.button.primary.big").addEventListener("click", () => {
    w.__clicked = performance.now();
    // The player mounts on the click; watch its step as it changes.
    queueMicrotask(() => setTimeout(() => {
      const player = document.querySelector(".player");
      let last = null;
      const note = () => {
        const step = player.getAttribute("data-step");
        const label = document.querySelector(".player-step")?.textContent;
        const count = document.querySelector(".player-count")?.textContent;
        const key = `${step}|${label}|${count}`;
        if (key !== last) { last = key; w.__screen.push({ step, t: performance.now() }); }
      };
      note();
      new MutationObserver(note).observe(player, { attributes: true, subtree: true, childList: true, characterData: true });
    }, 0));
  }, { capture: true });
});
console.log(`Running a ${(LEAD_IN_MS + total) / 60000 < 1 ? ((LEAD_IN_MS + total) / 1000).toFixed(0) + " s" : ((LEAD_IN_MS + total) / 60000).toFixed(1) + " min"} session in real time …`);
await page.getByRole("button", { name: "Start økten" }).click();
await page.getByRole("heading", { name: "Bra jobba! Økten er ferdig." }).waitFor({ timeout: LEAD_IN_MS + total + 60_000 });

const data = await page.evaluate(() => ({
  clicked: window.__clicked, screen: window.__screen, tones: window.__tones, pairs: window.__clockPairs,
}));
await browser.close();

function stats(name, errors) {
  const sorted = [...errors].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  const qa = (p) => abs[Math.min(abs.length - 1, Math.floor(p * abs.length))];
  const drift = errors[errors.length - 1] - errors[0];
  console.log(`${name.padEnd(13)} cues ${String(errors.length).padStart(4)}  |error| p50 ${qa(0.5).toFixed(1).padStart(6)} ms  p99 ${qa(0.99).toFixed(1).padStart(6)} ms  max ${abs[abs.length - 1].toFixed(1).padStart(6)} ms  (signed p50 ${q(0.5).toFixed(1)} ms)  drift first→last ${drift.toFixed(1)} ms`);
}

// Screen: the first entry is the lead-in; then one per step.
const shown = data.screen.filter((s) => s.step !== "ready");
const begins = data.clicked + LEAD_IN_MS;
if (shown.length !== steps.length) console.log(`note: saw ${shown.length} screen changes for ${steps.length} steps`);
const screenErrors = shown.slice(0, steps.length).map((s, i) => s.t - (begins + steps[i].at));
stats("screen/aria", screenErrors);

// Audio: tones that were not cancelled, in time order, mapped to the page clock
// with the clock pair sampled closest to when each tone plays.
const played = data.tones.filter((t) => !t.cancelled).sort((a, b) => a.when - b.when);
const toPerf = (when) => {
  let best = data.pairs[0];
  for (const p of data.pairs) if (Math.abs(p.context - when) < Math.abs(best.context - when)) best = p;
  return best.perf + (when - best.context) * 1000;
};
if (played.length !== toned.length) console.log(`note: ${played.length} tones played for ${toned.length} toned steps`);
const audioErrors = played.slice(0, toned.length).map((t, i) => toPerf(t.when) - (begins + toned[i].at));
stats("audio", audioErrors);
