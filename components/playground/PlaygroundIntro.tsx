import styles from "./playground.module.css";

/** What the playground runs and what a verifier may not use; static text. */
export function PlaygroundIntro() {
  return (
    <section aria-label="About the sandbox" className={`alert info ${styles.intro}`}>
      <p>
        Runs a verifier on responses in your browser, inside the verifier sandbox: QuickJS compiled
        to WebAssembly for JavaScript, Pyodide (CPython compiled to WebAssembly) for Python, each in
        a Web Worker. They are the same engines, with the same limits, that the pipeline uses on the
        server, so a verdict here is the verdict there. Nothing on this page is saved.
      </p>
      <p>
        A JavaScript verifier defines <code>function evaluate(response)</code> and returns{" "}
        <code>true</code> (pass) or <code>false</code> (fail); a Python verifier defines{" "}
        <code>def evaluate(response):</code> and returns <code>True</code> or <code>False</code>.
        Anything else (another value, such as <code>1</code> or <code>None</code>, a Promise, a
        throw, a time-out, running out of memory or stack) is an error. Not available in JavaScript:{" "}
        <code>Date</code>, <code>require</code>, <code>fetch</code>, <code>console</code>, timers (
        <code>setTimeout</code>, <code>setInterval</code>), <code>process</code> and modules; in
        Python: files, sockets, subprocesses, the clock (<code>time</code>,{" "}
        <code>datetime.now</code>) and the bridge to the browser (<code>js</code>,{" "}
        <code>pyodide</code>). Randomness is seeded, so a verdict never depends on when or where it
        ran. Python&apos;s <code>len</code> counts code points; JavaScript&apos;s{" "}
        <code>length</code> counts UTF-16 units.
      </p>
    </section>
  );
}
