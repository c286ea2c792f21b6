import "server-only";
import cliProgress from "cli-progress";

/**
 * A row-count bar for an export on a terminal (cli-progress, like the stage bars); on a pipe,
 * one plain line every few seconds and at the end.
 */
export function exportProgressBar(enabled: boolean) {
  const tty = enabled && process.stdout.isTTY;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          format:
            " export [{bar}] {value}/{total} items scanned, {written} rows written, {eta_formatted} s left",
          hideCursor: true,
          barsize: 30,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let started = false;
  let lastPrinted = 0;
  return {
    update(written: number, scanned: number, total: number) {
      if (!enabled) return;
      if (bar) {
        if (!started) bar.start(total, 0, { written: 0 });
        started = true;
        bar.setTotal(Math.max(total, scanned));
        bar.update(scanned, { written });
        return;
      }
      const now = Date.now();
      if (now - lastPrinted > 5_000) {
        lastPrinted = now;
        console.log(`export: ${scanned}/${total} items scanned, ${written} rows written`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
