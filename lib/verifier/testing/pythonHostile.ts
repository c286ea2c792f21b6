/**
 * The hostile Python verifiers of issue 16, item 6, shared by the pool's test and the Chromium
 * spec. Each must end as the named error within deadline + grace (the test's deadline) and leave
 * the worker, or its replacement, giving the right answers to a known verifier.
 */
export interface PythonHostile {
  label: string;
  source: string;
  /** Accepted kinds ("memory|timeout" where either limit may trip first on a given machine). */
  kind: string;
}

const h = (label: string, kind: string, body: string): PythonHostile => ({
  label,
  kind,
  source: `def evaluate(response):\n${body}\n`,
});

export const PYTHON_HOSTILE: readonly PythonHostile[] = [
  h("while True: pass", "timeout", "    while True:\n        pass"),
  h(
    "a catastrophic regex",
    "timeout",
    "    import re\n    return re.match(r'(a+)+$', 'a' * 40 + 'b') is None",
  ),
  h(
    "one C call that never checks for interrupts",
    "timeout",
    "    return sum(range(10 ** 15)) > 0",
  ),
  h(
    "a loop that catches the interrupt",
    "timeout",
    "    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass",
  ),
  h("'x' * 2**31", "thrown|memory", "    return len('x' * 2 ** 31) > 0"),
  h("a list of 10**9", "memory", "    return len([0] * 10 ** 9) > 0"),
  h(
    "a list that grows to the cap",
    "memory|timeout",
    "    a = []\n    while True:\n        a.append(bytearray(1 << 20))",
  ),
  h(
    "unbounded recursion",
    "stack",
    "    def f(n):\n        return f(n + 1) + 1\n    return f(0) > 0",
  ),
  {
    label: "sys.setrecursionlimit(10**9) then recursion",
    kind: "stack",
    source:
      "import sys\nsys.setrecursionlimit(10 ** 9)\n\ndef evaluate(response):\n    def f(n):\n        return f(n + 1) + 1\n    return f(0) > 0\n",
  },
  h("returning a string", "result", "    return 'True'"),
  h("returning an int", "result", "    return 1"),
  h("returning None", "result", "    return None"),
  {
    label: "returning an object whose __bool__ loops",
    kind: "result",
    source:
      "class Loops:\n    def __bool__(self):\n        while True:\n            pass\n\ndef evaluate(response):\n    return Loops()\n",
  },
  h("raising SystemExit", "thrown", "    raise SystemExit(0)"),
  h("raising KeyboardInterrupt", "thrown", "    raise KeyboardInterrupt"),
  h("raising BaseException", "thrown", "    raise BaseException('base')"),
];
