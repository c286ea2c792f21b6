/**
 * Knows which call of a request a worker is running and fires when one runs past its budget.
 * With a shared progress array (worker threads; cross-origin-isolated pages) the worker stores
 * `[requestId, index]` at each call start and we poll it, so outcomes can travel in chunks.
 * Without one, the worker sends each outcome as it finishes and every reply re-arms a timer.
 */
export class CallWatchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private poller: ReturnType<typeof setInterval> | undefined;

  /**
   * `interrupt` (Python workers: Pyodide's interrupt buffer) is set to 2 when a call runs past
   * `deadlineMs`, which raises KeyboardInterrupt in the guest at its next check; the watchdog
   * still terminates the worker at the budget, since C code (a catastrophic `re`) never checks.
   */
  constructor(
    private readonly progress: Int32Array | undefined,
    private readonly pollMs = 25,
    private readonly interrupt?: Int32Array,
  ) {}

  /** Watches request `requestId`; `onWedge(index)` names the call that overran `budgetMs`. */
  start(
    requestId: number,
    budgetMs: number,
    onWedge: (index: number) => void,
    deadlineMs = budgetMs,
  ): void {
    this.stop();
    const progress = this.progress;
    if (progress === undefined) {
      this.arm(budgetMs, () => onWedge(0));
      return;
    }
    let lastIndex = Number.NaN;
    let lastChange = performance.now();
    let interrupted = false;
    const interrupt = this.interrupt;
    this.poller = setInterval(() => {
      const index = Atomics.load(progress, 0) === requestId ? Atomics.load(progress, 1) : -1;
      const now = performance.now();
      if (index !== lastIndex) {
        lastIndex = index;
        lastChange = now;
        interrupted = false;
      } else if (
        interrupt !== undefined &&
        !interrupted &&
        index >= 0 &&
        now - lastChange > deadlineMs
      ) {
        interrupted = true;
        Atomics.store(interrupt, 0, 2); // SIGINT, as Pyodide's setInterruptBuffer expects
      }
      if (index === lastIndex && now - lastChange > budgetMs) {
        this.stop();
        onWedge(Math.max(0, index));
      }
    }, this.pollMs);
  }

  /** A reply arrived with `received` outcomes so far; re-arms the timer in message mode. */
  replied(budgetMs: number, received: number, onWedge: (index: number) => void): void {
    if (this.progress === undefined) this.arm(budgetMs, () => onWedge(received));
  }

  stop(): void {
    clearTimeout(this.timer);
    clearInterval(this.poller);
    this.timer = undefined;
    this.poller = undefined;
  }

  private arm(ms: number, fire: () => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(fire, ms);
  }
}
