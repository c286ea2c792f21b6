import styles from "./playground.module.css";

/** What the playground runs and what a verifier may not use; static text. */
export function PlaygroundIntro() {
  return (
    <section aria-label="About the sandbox" className={`alert info ${styles.intro}`}>
      <p>
        Runs a verifier on responses in your browser, inside the verifier sandbox: QuickJS compiled to
        WebAssembly in a Web Worker. It is the same engine, with the same limits, that the pipeline
        uses on the server, so a verdict here is the verdict there. Nothing on this page is saved.
      </p>
      <p>
        A verifier defines <code>function evaluate(response)</code> and returns <code>true</code> (pass)
        or <code>false</code> (fail). Anything else (another value, a Promise, a throw, a time-out, running
        out of memory or stack) is an error. Not available: <code>Date</code>, <code>require</code>,{" "}
        <code>fetch</code>, <code>console</code>, timers (<code>setTimeout</code>, <code>setInterval</code>),{" "}
        <code>process</code> and modules; <code>Math.random</code> is seeded, so a verdict never depends on
        when or where it ran.
      </p>
    </section>
  );
}
