"""CPython harness shaped like the AutoIF reference scripts: exec each verifier once, then call
evaluate(response) under a signal.setitimer alarm. Unsandboxed; used by bench/sandbox.ts only.
Reads {"verifiers": [...], "responses": [...]} from the file named by argv[1]; prints JSON."""
import json
import signal
import sys
import time


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    signal.signal(signal.SIGALRM, on_alarm)
    verdicts = []
    start = time.perf_counter()
    for source in job["verifiers"]:
        namespace = {}
        exec(source, namespace)
        evaluate = namespace["evaluate"]
        row = []
        for response in job["responses"]:
            signal.setitimer(signal.ITIMER_REAL, 1.0)
            try:
                result = evaluate(response)
                row.append("pass" if result is True else "fail" if result is False else "error")
            except Exception:
                row.append("error")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        verdicts.append(row)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "verdicts": verdicts, "version": sys.version.split()[0]}))


main()
