// npm run bench:ui: the Responses page with 100,000 generated responses (labelled bench data), in
// Chromium through Playwright against the production server: time to first rows, time for a filter
// change, keystroke-to-next-item (median, p95) and the page's JS heap. Not a test; prints figures.
// BENCH_RESPONSES (default 100,000), BENCH_KEYS (200), BENCH_PORT (3295).
import fs from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { openDatabase } from "@/db/client";
import { seedReviewData } from "@/db/testing/reviewSeed";
import { startStudio, type StudioServer } from "./studioServer";
import { keystrokeTimes, percentile } from "./uiPage";

const N = Number(process.env.BENCH_RESPONSES ?? 100_000);
const KEYS = Number(process.env.BENCH_KEYS ?? 200);
const port = Number(process.env.BENCH_PORT ?? 3295);
const dir = fs.mkdtempSync(path.join(tmpdir(), "autoif-bench-ui-"));
const dbFile = path.join(dir, "bench.db");

const seedStart = performance.now();
const db = openDatabase(dbFile);
const seed = seedReviewData(db, {
  projectName: "Bench: 100k responses",
  responses: N,
  label: "Bench data: generated responses, not a real run.",
});
db.$client.close();
process.stderr.write(
  `bench:ui: seeded ${seed.responses.toLocaleString("en")} responses, ${seed.pairs.toLocaleString("en")} pairs in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`,
);

const rows: Array<[string, string, string]> = [];
// The server and the browser start inside the try: whatever fails, both are stopped.
let studio: StudioServer | undefined;
let browser: Browser | undefined;
try {
  studio = await startStudio(port, { AUTOIF_DB_PATH: dbFile });
  const base = studio.base;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--enable-precise-memory-info",
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const url = `${base}/projects/${seed.projectId}/responses`;
  await page.goto(`${base}/`);
  await page.evaluate(() => localStorage.setItem("autoif.reviewer", "bench"));
  await page.goto(url); // warm-up: server route compiled, caches filled

  const firstRows: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(url);
    await page.waitForSelector("[role=option] .review-row-meta");
    // Milliseconds since the navigation started, read in the page when the first row is in the DOM.
    firstRows.push(await page.evaluate(() => performance.now()));
  }
  process.stderr.write(`  first rows: ${firstRows.map((t) => t.toFixed(0)).join(", ")} ms\n`);
  rows.push([
    "time to first rows (navigation start → first row)",
    `${percentile(firstRows, 50).toFixed(0)} ms median of 5`,
    "target < 1,000 ms",
  ]);

  const filterTimes: number[] = [];
  for (let i = 1; i <= 8; i++) filterTimes.push(await timeFilterChange(page, i * 0.5));
  process.stderr.write(`  filter changes: ${filterTimes.map((t) => t.toFixed(0)).join(", ")} ms\n`);
  rows.push([
    "filter change (score ≥ x → new count and rows)",
    `${percentile(filterTimes, 50).toFixed(0)} ms median, ${Math.max(...filterTimes).toFixed(0)} ms max of 8`,
    "target < 300 ms",
  ]);

  await page.goto(url);
  await page.waitForSelector("[role=option] .review-row-meta");
  const keys = await keystrokeTimes(page, KEYS);
  rows.push([
    `keystroke j → next item rendered (${KEYS} presses)`,
    `${percentile(keys.dom, 50).toFixed(1)} ms median, ${percentile(keys.dom, 95).toFixed(1)} ms p95`,
    "target p95 < 50 ms",
  ]);
  rows.push([
    "  … to the next frame painted",
    `${percentile(keys.frame, 50).toFixed(1)} ms median, ${percentile(keys.frame, 95).toFixed(1)} ms p95`,
    "",
  ]);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
  rows.push([
    "JS heap after the session (after GC)",
    `${(heap.usedSize / 1024 / 1024).toFixed(1)} MB`,
    "target < 200 MB",
  ]);
} finally {
  await browser?.close();
  await studio?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

console.log(
  `\nbench:ui: Responses page, ${N.toLocaleString("en")} responses (bench data), production build, Chromium headless`,
);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}\n`,
);
const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
for (const [a, b, c] of rows) console.log(`${a.padEnd(w[0]!)}  ${b.padEnd(w[1]!)}  ${c}`);

/** Types a new "Score ≥" value and times until the count and the first row of the new result show. */
async function timeFilterChange(page: Page, min: number): Promise<number> {
  return page.evaluate(async (value) => {
    const input = document.querySelector<HTMLInputElement>("#filter-score-min")!;
    const status = document.querySelector("[aria-label='Matching responses']")!;
    const before = status.textContent;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
    const t0 = performance.now();
    setter.call(input, String(value));
    input.dispatchEvent(new Event("input", { bubbles: true }));
    while (performance.now() - t0 < 30_000) {
      await new Promise(requestAnimationFrame);
      const text = status.textContent ?? "";
      const first = document.querySelector("[role=option]");
      if (
        text !== before &&
        /^[\d,]+ matching$/.test(text) &&
        first &&
        !first.textContent?.includes("Loading")
      )
        return performance.now() - t0;
    }
    throw new Error(
      `no new result within 30 s: status "${status.textContent}", first row "${document.querySelector("[role=option]")?.textContent?.slice(0, 60)}"`,
    );
  }, min);
}
