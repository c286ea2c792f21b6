import { resolveLimits, WATCHDOG_GRACE_MS, type VerifierLimits } from "./limits";
import { errorOutcome, type CompileResult, type Outcome } from "./outcome";
import { CallWatchdog } from "./callWatchdog";
import type { WorkerReply, WorkerRequest } from "./protocol";

/** What a supervisor needs from a Web Worker or a worker thread. */
export interface VerifierWorkerPort {
  post(request: WorkerRequest): void;
  terminate(): void;
  /** The shared `[requestId, index]` this worker updates, when shared memory is available. */
  progress?: Int32Array;
  /** Python workers with shared memory: Pyodide's interrupt buffer, set at a call's deadline. */
  interrupt?: Int32Array;
}

/** Starts a worker running {@link startVerifierWorker}; `onCrash` on error or unexpected exit. */
export type SpawnVerifierWorker = (events: {
  onReply(reply: WorkerReply): void;
  onCrash(reason: string): void;
}) => VerifierWorkerPort;

export interface SupervisorOptions {
  /** Time allowed past a call's deadline before the worker is terminated (default WATCHDOG_GRACE_MS). */
  graceMs?: number;
  /** Time a new worker may take to report ready (default 30 s: tsx start-up on a busy machine). */
  startupMs?: number;
}

interface Job {
  source: string;
  responses: readonly string[];
  limits: VerifierLimits;
  compile: boolean;
  outcomes: Outcome[];
  pending: number[]; // original indices sent in the current request, in order
  received: number; // replies received for the current request
  crashes: number;
  finish(): void;
}

/**
 * Runs jobs on one worker, one at a time, and replaces the worker when it wedges or dies. The
 * watchdog fires only when one call ran past deadline + grace; that call becomes a time-out, and
 * the rest of the batch (including calls done but not yet reported) runs on a fresh worker. A crash is
 * retried once from the call it happened in; a second crash turns the remaining calls into errors.
 */
export class VerifierWorkerSupervisor {
  private port: VerifierWorkerPort | undefined;
  private watchdog = new CallWatchdog(undefined);
  private generation = 0;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private job: Job | undefined;
  private requestId = 0;
  private readonly queue: Job[] = [];
  private readonly graceMs: number;
  private readonly startupMs: number;
  /** Workers terminated by the watchdog or lost to a crash, since construction. */
  replacements = 0;

  constructor(
    private readonly spawn: SpawnVerifierWorker,
    options: SupervisorOptions = {},
  ) {
    this.graceMs = options.graceMs ?? WATCHDOG_GRACE_MS;
    this.startupMs = options.startupMs ?? 30_000;
    this.start();
  }

  /** True while a job runs or waits; the pool uses it for back-pressure. */
  get busy(): boolean {
    return this.job !== undefined || this.queue.length > 0;
  }

  /** Evaluates `source` on each response; always resolves with one outcome per response. */
  evaluate(
    source: string,
    responses: readonly string[],
    limits?: Partial<VerifierLimits>,
  ): Promise<Outcome[]> {
    return new Promise((resolve) =>
      this.enqueue(source, responses, limits, false, (job) => resolve(job.outcomes)),
    );
  }

  /** Compiles `source` in the worker: a located error, or ok. */
  compile(source: string, limits?: Partial<VerifierLimits>): Promise<CompileResult> {
    return new Promise((resolve) =>
      this.enqueue(source, [""], limits, true, (job) => {
        const outcome = job.outcomes[0];
        if (outcome?.verdict !== "error") return resolve({ ok: true });
        const at = /^(.*) \(line (\d+), column (\d+)\)$/s.exec(outcome.message);
        const line = Number(at?.[2] ?? 1),
          column = Number(at?.[3] ?? 1);
        resolve({ ok: false, error: { message: at?.[1] ?? outcome.message, line, column } });
      }),
    );
  }

  /** Stops the worker; queued jobs are dropped. */
  terminate(): void {
    clearTimeout(this.timer);
    this.watchdog.stop();
    this.generation += 1;
    this.port?.terminate();
    this.port = undefined;
    this.queue.length = 0;
    this.job = undefined;
  }

  private enqueue(
    source: string,
    responses: readonly string[],
    limits: Partial<VerifierLimits> | undefined,
    compile: boolean,
    done: (job: Job) => void,
  ): void {
    const job: Job = {
      source,
      responses,
      compile,
      limits: resolveLimits(limits),
      outcomes: new Array<Outcome>(responses.length),
      pending: responses.map((_, i) => i),
      received: 0,
      crashes: 0,
      finish: () => done(job),
    };
    this.queue.push(job);
    this.next();
  }

  private start(): void {
    const generation = ++this.generation;
    this.ready = false;
    const mine = (fn: () => void) => {
      if (generation === this.generation) fn();
    };
    this.watchdog.stop();
    this.port = this.spawn({
      onReply: (reply) => mine(() => this.onReply(reply)),
      onCrash: (reason) => mine(() => this.onCrash(reason)),
    });
    this.watchdog = new CallWatchdog(this.port.progress, undefined, this.port.interrupt);
    this.arm(this.startupMs, () => this.onCrash("the worker did not start in time"));
  }

  private replace(): void {
    this.replacements += 1;
    this.watchdog.stop();
    this.port?.terminate();
    this.start();
  }

  private next(): void {
    // A worker lost while idle is replaced only when there is work, so a worker that cannot
    // start does not spin.
    if (this.port === undefined && this.queue.length > 0) return this.start();
    if (!this.ready || this.job !== undefined) return;
    const job = this.queue.shift();
    if (job === undefined) return;
    this.job = job;
    this.send(job);
  }

  private send(job: Job): void {
    job.received = 0;
    this.requestId += 1;
    const responses = job.pending.map((i) => job.responses[i] ?? "");
    const base = { id: this.requestId, source: job.source, limits: job.limits };
    this.port?.post(
      job.compile ? { type: "compile", ...base } : { type: "evaluate", ...base, responses },
    );
    this.watchdog.start(
      this.requestId,
      this.budget(job),
      (index) => this.onWedge(job, index),
      job.limits.deadlineMs,
    );
  }

  private budget(job: Job): number {
    return job.limits.deadlineMs + this.graceMs;
  }

  private arm(ms: number, fire: () => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(fire, ms);
  }

  private onReply(reply: WorkerReply): void {
    const job = this.job;
    if (reply.type === "ready") {
      clearTimeout(this.timer);
      this.ready = true;
      if (job !== undefined) this.send(job);
      else this.next();
      return;
    }
    if (job === undefined || reply.id !== this.requestId) return;
    if (reply.type === "failed") return this.onCrash(reply.message);
    if (reply.type === "rebuilding") {
      // Building a new instance is not a call: pause the call watchdog, bound it as a start-up.
      if (reply.phase === "start") {
        this.watchdog.stop();
        this.arm(this.startupMs, () =>
          this.onCrash("the worker did not rebuild its engine in time"),
        );
      } else {
        clearTimeout(this.timer);
        this.watchdog.start(
          this.requestId,
          this.budget(job),
          (index) => this.onWedge(job, index),
          job.limits.deadlineMs,
        );
      }
      return;
    }
    if (reply.type === "outcomes") {
      reply.outcomes.forEach((outcome, k) => {
        const original = job.pending[reply.start + k];
        if (original !== undefined) job.outcomes[original] = outcome;
      });
      job.received = reply.start + reply.outcomes.length;
      return this.watchdog.replied(this.budget(job), job.received, (index) =>
        this.onWedge(job, index),
      );
    }
    if (reply.type === "compiled") {
      const original = job.pending[0];
      if (original !== undefined) job.outcomes[original] = compiledOutcome(reply.result);
    }
    this.complete(job);
  }

  private onWedge(job: Job, index: number): void {
    const at = Math.max(index, job.received);
    const culprit = job.pending[at];
    const waited = this.budget(job);
    if (culprit !== undefined) {
      job.outcomes[culprit] = errorOutcome(
        "timeout",
        `timed out: the worker was stopped ${waited} ms into the call`,
        waited,
      );
    }
    job.pending = [...job.pending.slice(job.received, at), ...job.pending.slice(at + 1)];
    this.replace();
    if (job.pending.length === 0) this.complete(job);
  }

  private onCrash(reason: string): void {
    const job = this.job;
    if (job === undefined) {
      clearTimeout(this.timer);
      this.replacements += 1;
      this.port?.terminate();
      this.port = undefined;
      this.ready = false;
      this.generation += 1;
      return this.next();
    }
    this.replace();
    job.pending = job.pending.slice(job.received);
    job.crashes += 1;
    if (job.crashes < 2 && job.pending.length > 0) return;
    for (const i of job.pending)
      job.outcomes[i] = errorOutcome("crash", `the worker crashed twice (${reason})`);
    job.pending = [];
    this.complete(job);
  }

  private complete(job: Job): void {
    clearTimeout(this.timer);
    this.watchdog.stop();
    if (this.job === job) this.job = undefined;
    job.finish();
    if (this.ready) this.next();
  }
}

function compiledOutcome(result: CompileResult): Outcome {
  if (result.ok) return { verdict: "pass", durationMs: 0 };
  return errorOutcome(
    "compile",
    `${result.error.message} (line ${result.error.line}, column ${result.error.column})`,
  );
}
