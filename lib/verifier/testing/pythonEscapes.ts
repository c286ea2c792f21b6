/**
 * Every way out of the Python sandbox we could think of (issue 16, item 2). Each verifier returns
 * True only if the escape worked, so a `pass` is a hole; the sandbox must end each as an error.
 * Shared by the in-thread engine test, the pool's hostile test and the Chromium spec.
 */
export interface PythonEscape {
  label: string;
  source: string;
  /** "compile": refused before it runs; "thrown": refused while it runs. */
  kind: "compile" | "thrown";
}

const at = (label: string, kind: PythonEscape["kind"], body: string): PythonEscape => ({
  label,
  kind,
  source: `${body}\n\ndef evaluate(response):\n    return True\n`,
});
const inside = (label: string, kind: PythonEscape["kind"], body: string): PythonEscape => ({
  label,
  kind,
  source: `def evaluate(response):\n${body
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n")}\n    return True\n`,
});

export const PYTHON_ESCAPES: readonly PythonEscape[] = [
  ...[
    "js",
    "pyodide",
    "pyodide_js",
    "pyodide.ffi",
    "pyodide.code",
    "_pyodide",
    "_pyodide_core",
    "micropip",
    "ctypes",
    "os",
    "posix",
    "subprocess",
    "socket",
    "urllib.request",
    "http.client",
    "builtins",
    "importlib",
    "gc",
    "inspect",
    "types",
    "marshal",
    "pickle",
    "threading",
    "signal",
    "io",
    "pathlib",
    "shutil",
    "sysconfig",
    "site",
    "asyncio",
    "weakref",
    "traceback",
  ].map((name) => at(`import ${name}`, "thrown", `import ${name}`)),
  at("from pyodide.ffi import to_js", "thrown", "from pyodide.ffi import to_js"),
  at("a relative import", "thrown", "from . import js"),
  at("open() a file", "thrown", "open('/etc/passwd').read()"),
  at("__import__ by name", "compile", "__import__('os')"),
  at("__builtins__ by name", "compile", "__builtins__['open']"),
  at("__loader__", "compile", "__loader__.load_module('os')"),
  at("__build_class__", "compile", "__build_class__"),
  at("eval / exec / compile", "thrown", "eval('1')"),
  at("exec", "thrown", "exec('import os')"),
  at("compile", "thrown", "compile('1', 'x', 'eval')"),
  at("globals()", "thrown", "globals()['__builtins__']"),
  at("vars()", "thrown", "vars(object)"),
  at("breakpoint()", "thrown", "breakpoint()"),
  at("id() (addresses differ between runs)", "thrown", "id(1)"),
  at("object.__subclasses__ walk", "compile", "().__class__.__base__.__subclasses__()"),
  at("the same walk with full-width letters (NFKC)", "compile", "().__ｃlass__"),
  at("getattr with a dunder", "thrown", "getattr((), '__cl' + 'ass__')"),
  at("getattr on a function's globals", "thrown", "getattr(print, '__glob' + 'als__')"),
  at("setattr of __class__", "thrown", "class A: pass\nsetattr(A(), '__cl' + 'ass__', int)"),
  at(
    "operator.attrgetter on a dunder",
    "thrown",
    "import operator\noperator.attrgetter('__cl' + 'ass__')(())",
  ),
  at(
    "operator.methodcaller on a dunder",
    "thrown",
    "import operator\noperator.methodcaller('__subcl' + 'asses__')(object)",
  ),
  at(
    "string.Formatter.get_field",
    "thrown",
    "import string\nstring.Formatter().get_field('0.__class__', [()], {})",
  ),
  at(
    "a match class pattern reading __class__",
    "compile",
    "match ():\n    case object(__class__=c):\n        pass",
  ),
  at("a generator's frame", "compile", "def g():\n    yield 1\nx = g()\nx.gi_frame.f_back"),
  at(
    "a generator's frame by getattr",
    "thrown",
    "def g():\n    yield 1\nx = g()\ngetattr(x, 'gi_' + 'frame')",
  ),
  at(
    "a traceback's frame",
    "compile",
    "try:\n    1 / 0\nexcept Exception as e:\n    e.__traceback__.tb_frame",
  ),
  at(
    "a traceback by getattr",
    "thrown",
    "try:\n    1 / 0\nexcept Exception as e:\n    getattr(e, '__trace' + 'back__')",
  ),
  at("sys.modules", "thrown", "import sys\nsys.modules['js']"),
  at("sys._getframe", "thrown", "import sys\nsys._getframe(1)"),
  at("sys.exc_info", "thrown", "import sys\nsys.exc_info()"),
  at("a module's private state (random._inst)", "thrown", "import random\nrandom._inst"),
  at("a module's private function (re._compile)", "thrown", "from re import _compile"),
  at("a module's loader", "compile", "import re\nre.__loader__"),
  at("a module's dict", "compile", "import re\nre.__dict__"),
  at("json.decoder's module", "thrown", "import json\njson.decoder.scanstring"),
  at(
    "a shared ABC's registry (Fraction.register)",
    "thrown",
    "import fractions\nfractions.Fraction.register(bytes)",
  ),
  at(
    "collections.abc's registry",
    "thrown",
    "import collections\ncollections.abc.Sequence.register(dict)",
  ),
  at(
    "functools.update_wrapper handing our globals to a verifier's __setattr__",
    "thrown",
    "import functools\nclass W:\n    def __setattr__(self, name, value):\n        raise SystemExit(value['__builtins__'])\nfunctools.update_wrapper(W(), print, assigned=('__glob' + 'als__',), updated=())",
  ),
  at(
    "functools.wraps doing the same",
    "thrown",
    "import functools\nclass W:\n    def __setattr__(self, name, value):\n        pass\nfunctools.wraps(print, assigned=('__clo' + 'sure__',))(W())",
  ),
  at("a finalizer (__del__)", "compile", "class A:\n    def __del__(self):\n        pass"),
  at("an import alias named __builtins__", "compile", "import re as __builtins__"),
  at(
    "typing.get_type_hints evaluating a string",
    "thrown",
    "import typing\nclass A:\n    x: 'int'\nassert typing.get_type_hints(A) is not None\nraise RuntimeError('typing is a stub')",
  ),
  inside("time.sleep", "thrown", "import time\ntime.sleep(0)"),
  inside("time.perf_counter", "thrown", "import time\ntime.perf_counter()"),
];
