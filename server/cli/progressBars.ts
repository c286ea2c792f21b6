import "server-only";
import cliProgress from "cli-progress";
import type { ProgressEvent } from "../pipeline/runner";

/**
 * One progress bar per stage on a terminal (cli-progress: a maintained multi-bar renderer); on a
 * pipe or in CI, one plain line per stage every few seconds and at the end of the stage.
 */
export function stageProgressDisplay(enabled: boolean) {
  const tty = enabled && process.stdout.isTTY;
  const multi = tty
    ? new cliProgress.MultiBar(
        {
          format: " {stage} [{bar}] {value}/{total} units, {failed} failed",
          hideCursor: true,
          clearOnComplete: false,
          barsize: 30,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const bars = new Map<string, cliProgress.SingleBar>();
  const lastPrinted = new Map<string, number>();
  return {
    update(e: ProgressEvent) {
      if (!enabled) return;
      if (multi) {
        let bar = bars.get(e.stage);
        if (!bar) {
          bar = multi.create(e.total, 0, { stage: e.stage.padEnd(14), failed: 0 });
          bars.set(e.stage, bar);
        }
        bar.setTotal(e.total);
        bar.update(e.done, { failed: e.failed });
        return;
      }
      const now = Date.now();
      const finished = e.total > 0 && e.done >= e.total;
      if (finished || now - (lastPrinted.get(e.stage) ?? 0) > 5_000) {
        lastPrinted.set(e.stage, finished ? Number.MAX_SAFE_INTEGER : now);
        console.log(`${e.stage}: ${e.done}/${e.total} units, ${e.failed} failed`);
      }
    },
    stop() {
      multi?.stop();
    },
  };
}
