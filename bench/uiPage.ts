// In-page measurements for bench:ui.
import type { Page } from "@playwright/test";

/** The p-th percentile (0-100) of some figures, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    NaN
  );
}

/** Resolves when the URL answers, polling; the first start builds the studio. */
export async function waitForServer(url: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/**
 * Presses "j" `count` times inside the page and times each press until the detail pane shows the
 * next response (DOM committed), and until the frame after it.
 */
export async function keystrokeTimes(
  page: Page,
  count: number,
): Promise<{ dom: number[]; frame: number[] }> {
  return page.evaluate(async (n) => {
    const dom: number[] = [];
    const frame: number[] = [];
    // No named functions in here: tsx would wrap them in a helper the page does not have.
    const pane = "section.review-detail";
    for (let i = 0; i < n; i++) {
      const before = document.querySelector(pane)?.getAttribute("aria-label") ?? "";
      const t0 = performance.now();
      document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "j", bubbles: true }));
      // React commits a discrete event's update before the next task; wait for it in microtasks
      // and frames until the pane shows another response.
      let tDom = 0;
      while (performance.now() - t0 < 30_000) {
        await Promise.resolve();
        let now = document.querySelector(pane)?.getAttribute("aria-label") ?? "";
        if (now !== before && now !== "") {
          tDom = performance.now();
          break;
        }
        await new Promise(requestAnimationFrame);
        now = document.querySelector(pane)?.getAttribute("aria-label") ?? "";
        if (now !== before && now !== "") {
          tDom = performance.now();
          break;
        }
      }
      if (!tDom)
        throw new Error(`press ${i + 1}: the detail pane still shows "${before}" after 30 s`);
      await new Promise(requestAnimationFrame);
      dom.push(tDom - t0);
      frame.push(performance.now() - t0);
      // A reviewer reads between keystrokes; let pages ahead load as they would.
      await new Promise((r) => setTimeout(r, 20));
    }
    return { dom, frame };
  }, count);
}
