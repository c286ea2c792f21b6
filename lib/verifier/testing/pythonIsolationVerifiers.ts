/**
 * The metamorphic isolation suite for Python verifiers (issue 16, item 2): the same schedule and
 * checks as isolationVerifiers.ts, with verifiers that try to leave state wherever a Python
 * verifier can write: module globals, the module objects it imports, stdlib functions, classes and
 * their class-level containers, the random generator, the ABC registry, default arguments, the
 * builtins. Each hostile one returns True only when it sees no earlier state, so on a fresh
 * interpreter every hostile outcome is `pass` by construction; honest ones use what they attack.
 */
import type { Outcome } from "../outcome";
import {
  ISOLATION_RESPONSES,
  outcomeKey,
  type IsolationReference,
  type IsolationVerifier,
} from "./isolationVerifiers";

const hostile = (label: string, source: string): IsolationVerifier => ({
  label,
  role: "hostile",
  source,
});
const honest = (label: string, source: string): IsolationVerifier => ({
  label,
  role: "honest",
  source,
});

export const PYTHON_HOSTILE_ISOLATION_VERIFIERS: readonly IsolationVerifier[] = [
  hostile(
    "a module-level counter",
    "calls = 0\n\ndef evaluate(response):\n    global calls\n    calls += 1\n    return calls == 1\n",
  ),
  hostile(
    "a mutable default argument",
    "def evaluate(response, seen=[]):\n    seen.append(response)\n    return len(seen) == 1\n",
  ),
  hostile(
    "patching the re module (re.findall = ..., an attribute on it)",
    "import re\nseen = hasattr(re, 'marker')\nre.marker = 1\nre.findall = lambda *args: ['x'] * 99\n\ndef evaluate(response):\n    return not seen\n",
  ),
  hostile(
    "an attribute on a stdlib function and on print",
    "import textwrap\nseen = hasattr(textwrap.wrap, 'seen') or hasattr(print, 'seen')\ntextwrap.wrap.seen = True\nprint.seen = True\n\ndef evaluate(response):\n    return not seen\n",
  ),
  hostile(
    "a write to a stdlib class (collections.Counter)",
    "import collections\nseen = hasattr(collections.Counter, 'seen')\ntry:\n    collections.Counter.seen = True\nexcept TypeError:\n    pass\n\ndef evaluate(response):\n    return not seen\n",
  ),
  hostile(
    "a module-level list (keyword.kwlist) and a class-level dict (TextWrapper)",
    "import keyword, textwrap\ntable = textwrap.TextWrapper.unicode_whitespace_trans\nseen = 'zzz' in keyword.kwlist or 42 in table\nkeyword.kwlist.append('zzz')\ntry:\n    table[42] = 'x'\nexcept TypeError:\n    pass\n\ndef evaluate(response):\n    return not seen\n",
  ),
  hostile(
    "the random generator's state",
    "import random\nfirst = random.random()\nrandom.random()\n\ndef evaluate(response):\n    return first == random.Random().random()\n",
  ),
  hostile(
    "statistics' draws (NormalDist.samples)",
    "import random, statistics\nfirst = statistics.NormalDist(0, 1).samples(1)[0]\n\ndef evaluate(response):\n    return first == statistics.NormalDist(0, 1).inv_cdf(random.Random().random())\n",
  ),
  hostile(
    "the ABC registry (Fraction.register(bytes))",
    "import fractions\nseen = issubclass(bytes, fractions.Fraction)\ntry:\n    fractions.Fraction.register(bytes)\nexcept TypeError:\n    pass\n\ndef evaluate(response):\n    return not seen\n",
  ),
  hostile(
    "replacing json.dumps and a fake sys attribute",
    "import json, sys\nseen = json.dumps(1) != '1' or hasattr(sys, 'marker')\njson.dumps = lambda *args: 'patched'\nsys.marker = 1\n\ndef evaluate(response):\n    return not seen\n",
  ),
  hostile(
    "a class attribute and an lru_cache",
    "import functools\n\nclass Box:\n    count = 0\n\n@functools.lru_cache(maxsize=None)\ndef double(n):\n    Box.count += 1\n    return n * 2\n\ndef evaluate(response):\n    double(1)\n    double(1)\n    return Box.count == 1 and double.cache_info().hits == 1\n",
  ),
  hostile(
    "a generator left suspended with a finally",
    "state = {'open': 0}\n\ndef gen():\n    state['open'] += 1\n    try:\n        yield 1\n    finally:\n        state['open'] -= 1\n\nkept = gen()\nnext(kept)\n\ndef evaluate(response):\n    return state['open'] == 1\n",
  ),
];

export const PYTHON_HONEST_ISOLATION_VERIFIERS: readonly IsolationVerifier[] = [
  honest("says please", "def evaluate(response):\n    return 'please' in response\n"),
  honest(
    "re.findall and re.sub",
    "import re\n\ndef evaluate(response):\n    words = re.findall(r'\\w+', response)\n    return len(words) >= 2 and re.sub(r'\\s+', ' ', 'a  b') == 'a b'\n",
  ),
  honest(
    "textwrap, json, Counter",
    "import json, textwrap\nfrom collections import Counter\n\ndef evaluate(response):\n    lines = textwrap.wrap(response, 10)\n    counts = Counter(response.split())\n    return json.dumps({'a': [1, 2]}) == '{\"a\": [1, 2]}' and len(lines) >= 1 and counts.most_common(1)[0][1] >= 1 and len(response) > 1\n",
  ),
  honest(
    "seeded random, datetime arithmetic, keyword",
    "import datetime, keyword, random\n\ndef evaluate(response):\n    return random.random() < 2 and datetime.date(2020, 1, 1).weekday() == 2 and not keyword.iskeyword('zzz') and response != 'no'\n",
  ),
  honest(
    "a namedtuple, a class and sorting",
    "from collections import namedtuple\nPoint = namedtuple('Point', 'x y')\n\nclass Words:\n    def __init__(self, text):\n        self.items = sorted(text.split(), key=len)\n\ndef evaluate(response):\n    return Point(1, 2).y == 2 and len(Words(response).items) >= 3\n",
  ),
  honest(
    "40 MB of strings",
    "def evaluate(response):\n    parts = ['y' * (1 << 17) + str(i) for i in range(320)]\n    return len(parts) == 320 and len(response) > 1\n",
  ),
];

export const PYTHON_ISOLATION_VERIFIERS: readonly IsolationVerifier[] = [
  ...PYTHON_HOSTILE_ISOLATION_VERIFIERS,
  ...PYTHON_HONEST_ISOLATION_VERIFIERS,
];

/**
 * The reference outcomes without a Pyodide load per call (seconds each): hostile verifiers give
 * `pass` on a fresh interpreter by construction, honest ones are asked of one interpreter that
 * only honest verifiers ever ran on. `evaluate` must be that fresh interpreter.
 */
export async function pythonIsolationReference(
  evaluate: (source: string, responses: string[]) => Promise<Outcome[]>,
): Promise<IsolationReference> {
  const reference: IsolationReference = [];
  for (const verifier of PYTHON_ISOLATION_VERIFIERS) {
    if (verifier.role === "hostile") {
      reference.push(ISOLATION_RESPONSES.map(() => "pass"));
      continue;
    }
    const row: string[] = [];
    // One response per call, so nothing of one call is in the batch of another.
    for (const response of ISOLATION_RESPONSES)
      row.push(outcomeKey((await evaluate(verifier.source, [response]))[0]));
    reference.push(row);
  }
  return reference;
}
