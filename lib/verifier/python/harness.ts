/**
 * The Python side of the Pyodide engine, run once per interpreter by pyodideRuntime.ts. It ends by
 * evaluating to a tuple of three functions (prepare, call, state) that the host calls with plain
 * strings and numbers; no JavaScript object is ever handed to Python. See docs/sandbox.md,
 * "Python verifiers", for what each piece guarantees and how it is tested.
 */
export const PYTHON_HARNESS = String.raw`
def _install():
    import sys, gc, ast, builtins, time, types, abc
    # Modules a verifier may import, loaded now so that no import happens while a guest runs.
    import re, json, math, string, collections, itertools, functools, unicodedata, random
    import textwrap, heapq, bisect, statistics, datetime, typing, operator, keyword, difflib
    import fractions, copy, enum, dataclasses, numbers, array, calendar, html, decimal, hashlib
    import json.decoder, json.encoder, re._parser, re._compiler, statistics, zlib, base64, binascii

    Module = types.ModuleType
    FrameLike = (types.FrameType, types.TracebackType, types.CodeType, types.GeneratorType,
                 types.CoroutineType, types.AsyncGeneratorType)

    from pyodide.ffi import JsProxy

    # -- 1. The bridge to JavaScript is taken out of the interpreter -------------------------
    # Pyodide registers 'js' (our empty jsglobals) and 'pyodide_js' (its API). The host calls
    # unregisterJsModule for both before this runs; here every finder and module that could
    # hand out a JsProxy goes too, so 'import js' finds nothing even for trusted code.
    for name in list(sys.modules):
        if name in ("js", "pyodide_js") or name.startswith(("pyodide", "_pyodide", "micropip")):
            del sys.modules[name]
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__module__.startswith(("_frozen_importlib", "importlib"))]
    sys.path_hooks.clear()
    sys.path_importer_cache.clear()
    sys.path[:] = []

    # -- 2. What a verifier sees ---------------------------------------------------------------
    state = {"seed": 0, "guest": False, "code": None, "rng": None}

    def no_clock(what):
        def stopped(*args, **kwargs):
            raise RuntimeError(what + " is disabled: a verdict must not depend on when it ran")
        return stopped

    def clockless_datetime():
        class date(datetime.date):
            today = classmethod(no_clock("date.today()"))
        class dt(datetime.datetime):
            today = classmethod(no_clock("datetime.today()"))
            now = classmethod(no_clock("datetime.now()"))
            utcnow = classmethod(no_clock("datetime.utcnow()"))
        dt.__name__ = dt.__qualname__ = "datetime"
        return {"date": date, "datetime": dt}

    dt_overrides = clockless_datetime()

    class SeededRandom(random.Random):
        def __init__(self, x=None):
            super().__init__(state["seed"] if x is None else x)
        def seed(self, a=None, version=2):
            super().seed(state["seed"] if a is None else a, version)
    SeededRandom.__name__ = SeededRandom.__qualname__ = "Random"

    def call_random():
        """The call's one generator, seeded with limits.seed on first use (seeding costs microseconds)."""
        rng = state["rng"]
        if rng is None:
            rng = state["rng"] = SeededRandom()
        return rng

    # statistics draws from the random module's global generator (NormalDist.samples) or an
    # unseeded one (kde_random): both become the call's seeded generator.
    statistics_random = Module("random")
    statistics_random.random = lambda: call_random().random()
    statistics_random.Random = SeededRandom
    statistics.random = statistics_random
    statistics._random = statistics_random

    def blocked(name):
        if name.startswith("__") and name.endswith("__") and name not in ("__name__", "__doc__"):
            return True
        return name.startswith(("gi_", "cr_", "ag_", "tb_", "f_")) and name in BLOCKED_FRAME_ATTRS

    BLOCKED_FRAME_ATTRS = frozenset((
        "gi_frame", "gi_code", "gi_yieldfrom", "gi_suspended", "gi_running",
        "cr_frame", "cr_code", "cr_await", "cr_origin", "cr_running", "cr_suspended",
        "ag_frame", "ag_code", "ag_await", "ag_running",
        "tb_frame", "tb_next", "tb_lasti", "tb_lineno",
        "f_back", "f_globals", "f_locals", "f_builtins", "f_code", "f_trace", "f_generator",
        "f_lasti", "f_lineno", "f_trace_lines", "f_trace_opcodes",
    ))

    def safe_getattr(obj, name, *default):
        if type(name) is str and blocked(name):
            raise AttributeError("attribute " + repr(name) + " is not available to verifiers")
        return getattr(obj, name, *default)

    def safe_setattr(obj, name, value):
        if type(name) is str and blocked(name):
            raise AttributeError("attribute " + repr(name) + " is not available to verifiers")
        setattr(obj, name, value)

    def safe_delattr(obj, name):
        if type(name) is str and blocked(name):
            raise AttributeError("attribute " + repr(name) + " is not available to verifiers")
        delattr(obj, name)

    def attrgetter(*names):
        for name in names:
            for part in str(name).split("."):
                if blocked(part):
                    raise AttributeError("attribute " + repr(part) + " is not available to verifiers")
        return operator.attrgetter(*names)

    def methodcaller(name, *args, **kwargs):
        if blocked(str(name)):
            raise AttributeError("attribute " + repr(name) + " is not available to verifiers")
        return operator.methodcaller(name, *args, **kwargs)

    # update_wrapper reads the attributes it is told with the real getattr and hands each to
    # setattr on the wrapper, which may be a verifier's object with its own __setattr__: told to
    # copy __globals__ from a function of ours, it would hand out our module's globals.
    def checked_wrapper_names(names, defaults):
        names = tuple(names)
        for name in names:
            if type(name) is not str or (name not in defaults and blocked(name)):
                raise AttributeError("attribute " + repr(name) + " is not available to verifiers")
        return names

    def update_wrapper(wrapper, wrapped, assigned=functools.WRAPPER_ASSIGNMENTS, updated=functools.WRAPPER_UPDATES):
        return functools.update_wrapper(wrapper, wrapped,
                                        checked_wrapper_names(assigned, functools.WRAPPER_ASSIGNMENTS),
                                        checked_wrapper_names(updated, functools.WRAPPER_UPDATES))

    def wraps(wrapped, assigned=functools.WRAPPER_ASSIGNMENTS, updated=functools.WRAPPER_UPDATES):
        return functools.partial(update_wrapper, wrapped=wrapped, assigned=assigned, updated=updated)

    def fake_sys():
        limit = sys.getrecursionlimit()
        m = {
            "maxsize": sys.maxsize, "maxunicode": sys.maxunicode, "version": sys.version,
            "version_info": sys.version_info, "byteorder": sys.byteorder, "platform": "verifier",
            "float_info": sys.float_info, "int_info": sys.int_info,
            "getrecursionlimit": lambda: limit,
            # Accepted and ignored: the engine's own limit always applies (a RecursionError).
            "setrecursionlimit": lambda n: None,
            "getsizeof": sys.getsizeof, "intern": sys.intern,
        }
        return m

    class TypeHint:
        """What every typing name is for a verifier: annotations work, nothing is cached or shared."""
        __slots__ = ()
        def __getitem__(self, item):
            return self
        def __call__(self, *args, **kwargs):
            return args[-1] if args else None
        def __or__(self, other):
            return self
        __ror__ = __or__
        def __repr__(self):
            return "typing hint"

    def typing_stub():
        hint = TypeHint()
        names = {name: hint for name in dir(typing) if not name.startswith("_")}
        names.update({"TYPE_CHECKING": False, "cast": lambda kind, value: value, "Any": hint})
        return names

    # Each entry: the real module, names withheld (None: only the replaced names), and names replaced.
    allowed = {
        "re": (re, {"Pattern", "Match", "Scanner", "RegexFlag", "NOFLAG", "template", "TEMPLATE", "T", "DEBUG"}, {}),
        "json": (json, {"decoder", "encoder", "scanner", "JSONDecoder", "JSONEncoder"}, {}),
        "math": (math, set(), {}),
        "string": (string, {"Formatter"}, {}),
        "collections": (collections, {"abc"}, {}),
        "itertools": (itertools, set(), {}),
        "functools": (functools, {"singledispatch", "singledispatchmethod"}, {"update_wrapper": update_wrapper, "wraps": wraps}),
        "unicodedata": (unicodedata, set(), {}),
        "textwrap": (textwrap, set(), {}),
        "heapq": (heapq, set(), {}),
        "bisect": (bisect, set(), {}),
        "statistics": (statistics, {"random"}, {}),
        "operator": (operator, set(), {"attrgetter": attrgetter, "methodcaller": methodcaller}),
        "keyword": (keyword, set(), {}),
        "difflib": (difflib, set(), {}),
        "fractions": (fractions, set(), {}),
        "copy": (copy, set(), {}),
        "typing": (typing, None, typing_stub()),
        "html": (html, {"entities", "parser"}, {}),
        "random": (random, {"SystemRandom", "_inst"}, {}),  # filled per call
        "datetime": (datetime, set(), dt_overrides),
        "time": (time, None, {
            name: no_clock("time." + name + "()")
            for name in ("time", "time_ns", "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns",
                         "process_time", "process_time_ns", "thread_time", "thread_time_ns", "localtime",
                         "gmtime", "ctime", "asctime", "strftime", "sleep")
        }),
        "sys": (sys, None, fake_sys()),
    }
    # Flags as plain ints: enum members are shared objects with a __dict__.
    re_flags = {name: int(getattr(re, name)) for name in ("A", "ASCII", "I", "IGNORECASE", "L", "LOCALE", "M", "MULTILINE", "S", "DOTALL", "U", "UNICODE", "X", "VERBOSE")}
    allowed["re"][2].update(re_flags)

    # Public contents of each module, computed once; a fresh module object is filled per import.
    contents = {}
    for name, (module, withheld, replaced) in allowed.items():
        public = {}
        if withheld is not None:
            for key, value in vars(module).items():
                if key.startswith("_") or key in withheld or isinstance(value, Module):
                    continue
                public[key] = value
        public.update(replaced)
        contents[name] = public

    MUTABLE = (list, dict, set, bytearray)

    # Per module: the entries shared as they are, and the mutable ones copied per import.
    mutable_keys = {name: [key for key, value in public.items() if isinstance(value, MUTABLE)] for name, public in contents.items()}

    def fresh_module(name):
        m = Module(name)
        d = vars(m)
        d.update(contents[name])
        for key in mutable_keys[name]:
            d[key] = d[key].copy()
        if name == "random":
            inst = call_random()
            for key in ("random", "uniform", "randint", "choice", "choices", "sample", "shuffle", "randrange",
                        "gauss", "normalvariate", "lognormvariate", "expovariate", "vonmisesvariate",
                        "gammavariate", "triangular", "betavariate", "paretovariate", "weibullvariate",
                        "getrandbits", "randbytes", "binomialvariate", "getstate", "setstate"):
                if hasattr(inst, key):
                    d[key] = getattr(inst, key)
            d["seed"] = inst.seed
            d["Random"] = SeededRandom
        return m

    def guest_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level != 0:
            raise ImportError("verifiers cannot use relative imports")
        top = name.partition(".")[0]
        if name not in contents:
            raise ImportError("module " + repr(name) + " is not available to verifiers (allowed: " + ", ".join(sorted(contents)) + ")")
        modules = globals.get("__verifier_modules__") if type(globals) is dict else None
        if modules is None:
            return fresh_module(top)
        m = modules.get(top)
        if m is None:
            m = modules[top] = fresh_module(top)
        return m

    # -- Shared objects: frozen, made immutable, or cleared after every call -------------------
    # Everything a verifier can reach from the modules and builtins it is given, found the way a
    # verifier would (attribute names it may write). Python classes are marked immutable (the
    # host sets Py_TPFLAGS_IMMUTABLETYPE: see pyodideRuntime.ts), their mutable class-level
    # containers become read-only views, and every shared Python function gets one shared
    # attribute dict, emptied after each call. Anything else mutable makes the install fail.
    IMMUTABLE_FLAG = 1 << 8
    shared_attrs = {}
    restore = []
    to_freeze = []
    unexpected = []
    seen = set()
    keep = []
    INERT = (int, float, complex, str, bytes, bool, type(None), frozenset, range, type(Ellipsis), type(NotImplemented))
    C_LEVEL = (types.BuiltinFunctionType, types.MethodDescriptorType, types.WrapperDescriptorType,
               types.GetSetDescriptorType, types.MemberDescriptorType, types.ClassMethodDescriptorType,
               types.MethodWrapperType, types.MethodType, property, types.MappingProxyType, types.CapsuleType,
               re.Pattern, type(operator.itemgetter(0)), type(unicodedata.ucd_3_2_0), datetime.timedelta,
               datetime.date, datetime.time, datetime.tzinfo, object().__class__)

    def read_only(value):
        if isinstance(value, dict):
            return types.MappingProxyType(dict(value))
        if isinstance(value, list):
            return tuple(value)
        if isinstance(value, set):
            return frozenset(value)
        return value

    def walk(value, path, depth):
        if isinstance(value, INERT) or id(value) in seen:
            return
        seen.add(id(value))
        keep.append(value)
        if isinstance(value, tuple):
            for index, item in enumerate(value):
                walk(item, path + "[" + str(index) + "]", depth)
            return
        if isinstance(value, type):
            if not value.__flags__ & IMMUTABLE_FLAG:
                for key, item in list(vars(value).items()):
                    if isinstance(item, (dict, list, set)) and not (key.startswith("__") and key.endswith("__")):
                        type.__setattr__(value, key, read_only(item))
                to_freeze.append(value)
        elif isinstance(value, types.FunctionType):
            if vars(value):
                # A few (re.sub: __text_signature__) keep their own attributes, restored after a call.
                own = dict(vars(value))
                value.__dict__ = own
                restore.append((own, dict(own)))
            else:
                value.__dict__ = shared_attrs
        elif isinstance(value, (dict, list, set, bytearray)):
            if depth > 0:
                unexpected.append(path + " (a mutable " + type(value).__name__ + ")")
        elif not isinstance(value, C_LEVEL) and (hasattr(value, "__dict__") or not type(value).__flags__ & IMMUTABLE_FLAG):
            unexpected.append(path + " (a " + type(value).__name__ + ")")
        if depth >= 4:
            return
        for name in dir(value):
            if blocked(name) or name.startswith("__"):
                continue
            try:
                item = getattr(value, name)
                if getattr(value, name) is not item:
                    continue  # made afresh on each read (Pattern.groupindex): not shared
            except Exception:
                continue
            walk(item, path + "." + name, depth + 1)

    def no_print(*args, **kwargs):
        return None

    WITHHELD_BUILTINS = {
        "open": "verifiers cannot open files",
        "eval": "verifiers cannot evaluate code", "exec": "verifiers cannot evaluate code",
        "compile": "verifiers cannot compile code", "input": "verifiers have no input",
        "breakpoint": "verifiers have no debugger", "help": "verifiers have no help",
        "exit": "verifiers cannot exit", "quit": "verifiers cannot exit",
        "globals": "verifiers cannot inspect namespaces", "locals": "verifiers cannot inspect namespaces",
        "vars": "verifiers cannot inspect namespaces", "memoryview": "verifiers get plain strings",
        "id": "object addresses differ from run to run",
        "copyright": "", "credits": "", "license": "",
    }
    template = {}
    for key, value in vars(builtins).items():
        if key in WITHHELD_BUILTINS or key in ("__import__", "__loader__", "__spec__", "__package__", "__doc__", "__name__"):
            continue
        template[key] = value
    template.update({"__import__": guest_import, "getattr": safe_getattr, "setattr": safe_setattr,
                     "delattr": safe_delattr, "print": no_print})

    # Read-only, so one mapping serves every call (a verifier cannot reach it anyway: see check_tree).
    guest_builtins = types.MappingProxyType(template)
    for key, value in template.items():
        walk(value, "builtins." + key, 0)
    for name, public in contents.items():
        for key, value in public.items():
            walk(value, name + "." + key, 0)
    walk(SeededRandom, "random.Random", 0)
    walk(SeededRandom(), "random.Random()", 0)
    if unexpected:
        raise RuntimeError("shared mutable objects a verifier could reach: " + ", ".join(unexpected))

    def to_seal():
        """'id:flags' of each Python class to mark immutable, for the host."""
        return ",".join(str(id(cls)) + ":" + str(cls.__flags__) for cls in to_freeze)

    def sealed():
        """After the host set the flag: every class reports it and refuses a write."""
        for cls in to_freeze:
            if not cls.__flags__ & IMMUTABLE_FLAG:
                return "not sealed: " + cls.__qualname__
        try:
            setattr(to_freeze[0], "verifier_probe", 1)
            return "a sealed class accepted a write: " + to_freeze[0].__qualname__
        except TypeError:
            pass
        # No object of the JavaScript bridge is left anywhere the collector can see.
        gc.collect()
        proxies = [o for o in gc.get_objects() if isinstance(o, JsProxy)]
        if proxies:
            return str(len(proxies)) + " JsProxy objects are still alive: " + ", ".join(repr(type(o)) for o in proxies[:5])
        return ""

    # ABCs that exist now are shared: registering a class with one (Fraction.register(bytes))
    # would change issubclass for every later call. A verifier's own ABCs still take registrations.
    # (A set of the classes, not of id()s: id() is audited, and refused while a guest runs.)
    shared_abcs = frozenset(o for o in gc.get_objects() if isinstance(o, abc.ABCMeta))
    abc_register = abc.ABCMeta.register
    def register(cls, subclass):
        if cls in shared_abcs:
            raise TypeError("cannot register a class with the shared ABC " + repr(cls.__qualname__))
        return abc_register(cls, subclass)
    type.__setattr__(abc.ABCMeta, "register", register)

    # -- 3. What a verifier may write: checked on the syntax tree before it ever runs ------------
    BLOCKED_NAMES = frozenset(("__builtins__", "__import__", "__loader__", "__spec__", "__build_class__",
                               "__verifier_modules__", "__file__", "__cached__"))

    class Rejected(Exception):
        pass

    def check_tree(tree):
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and blocked(node.attr):
                raise Rejected(node, "attribute " + repr(node.attr) + " is not available to verifiers")
            if isinstance(node, ast.Name) and node.id in BLOCKED_NAMES:
                raise Rejected(node, "name " + repr(node.id) + " is not available to verifiers")
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "__del__":
                raise Rejected(node, "finalizers (__del__) are not available to verifiers")
            # Pattern matching reads attributes by name: case C(__class__=x).
            if isinstance(node, ast.MatchClass):
                for attr in node.kwd_attrs:
                    if blocked(attr):
                        raise Rejected(node, "attribute " + repr(attr) + " is not available to verifiers")
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    if alias.name != "*" and blocked(alias.name.rpartition(".")[2]):
                        raise Rejected(node, "name " + repr(alias.name) + " is not available to verifiers")
                    if alias.asname is not None and alias.asname in BLOCKED_NAMES:
                        raise Rejected(node, "name " + repr(alias.asname) + " is not available to verifiers")
                if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
                    raise Rejected(node, "'from ... import *' is not available to verifiers; import names one by one")

    compiled = {}

    def prepare(source):
        """Compiles once; returns '' or 'line<TAB>column<TAB>message'."""
        hit = compiled.get(source)
        if hit is not None:
            return hit[1]
        try:
            tree = ast.parse(source, "<verifier>", "exec")
            check_tree(tree)
            code = builtins.compile(tree, "<verifier>", "exec", dont_inherit=True)
            entry = (code, "")
        except SyntaxError as e:
            line = e.lineno or 1
            column = e.offset or 1
            entry = (None, str(line) + "\t" + str(column) + "\t" + type(e).__name__ + ": " + str(e.msg))
        except Rejected as e:
            node, message = e.args
            entry = (None, str(getattr(node, "lineno", 1)) + "\t" + str(getattr(node, "col_offset", 0) + 1) + "\tSyntaxError: " + message)
        except (MemoryError, RecursionError) as e:
            entry = (None, "1\t1\tSyntaxError: the verifier is too large or nested too deeply to parse (" + type(e).__name__ + ")")
        if len(compiled) >= 256:
            compiled.clear()
        compiled[source] = entry
        return entry[1]

    # -- 4. Guards that hold whatever the verifier does ----------------------------------------
    # Audit hooks cannot be removed once added. While a guest runs, any audited action outside
    # this list fails: imports, open, os/subprocess/socket, ctypes, gc walks, sys._getframe,
    # frame, traceback and code attribute reads (CPython audits those as object.__getattr__).
    namedtuple_code = collections.namedtuple.__code__
    def hook(event, args):
        if not state["guest"] or event in ("sys._getframe", "sys._getframemodulename"):
            return
        if event == "exec" and args and args[0] is state["code"]:
            return
        # collections.namedtuple builds its __new__ with eval in a namespace without builtins,
        # and sets the new class's __module__.
        if event in ("compile", "exec", "object.__setattr__"):
            state["guest"] = False  # reading f_code is audited too
            try:
                trusted = sys._getframe(1).f_code is namedtuple_code
            finally:
                state["guest"] = True
            if trusted:
                return
        raise RuntimeError("'" + event + "' is not available to verifiers")
    sys.addaudithook(hook)

    sys.setrecursionlimit(1000)
    gc.disable()
    gc.collect()
    # The runtime's own objects are not the calls' garbage: a full collection after each call then
    # looks only at what calls made (cheap), not at the whole standard library.
    gc.freeze()

    def describe_result(value):
        kind = type(value)
        if kind is str:
            shown = value if len(value) <= 40 else value[:40] + "..."
            return "a str (" + repr(shown) + ")"
        if kind in (int, float, type(None)):
            return "a " + kind.__name__ + " (" + repr(value) + ")"
        return "a " + (kind.__name__ if type(kind.__name__) is str else "value")

    def message_of(error):
        name = type(error).__name__
        try:
            text = str(error)
        except BaseException:
            text = ""
        if type(text) is not str:
            text = ""
        if len(text) > 500:
            text = text[:500] + "..."
        return name + (": " + text if text else "")

    def call(source, response, seed, check_only):
        """One call: 'P', 'F', or 'E<kind>\\t<message>'; a trailing '!' asks for a new interpreter."""
        entry = compiled.get(source)
        if entry is None:
            prepare(source)
            entry = compiled[source]
        code, error = entry
        if code is None:
            return "Ecompile\t" + error
        state["seed"] = seed
        state["rng"] = None
        token = abc.get_cache_token()
        g = {"__builtins__": guest_builtins, "__name__": "__main__", "__verifier_modules__": {}}
        retire = False
        state["code"] = code
        state["guest"] = True
        try:
            try:
                exec(code, g)
                evaluate = g.get("evaluate")
                if evaluate is None or not callable(evaluate):
                    out = "Ecompile\t1\t1\tNameError: the verifier does not define evaluate(response)"
                elif check_only:
                    out = "P"
                else:
                    result = evaluate(response)
                    if result is True:
                        out = "P"
                    elif result is False:
                        out = "F"
                    else:
                        out = "Eresult\tevaluate returned " + describe_result(result) + ", not True or False"
                    result = None
            except KeyboardInterrupt:
                out = "Etimeout\ttimed out: interrupted at the deadline"
            except MemoryError as e:
                out = "Ememory\t" + message_of(e)
                retire = True
            except RecursionError as e:
                out = "Estack\t" + message_of(e)
            except BaseException as e:
                out = "Ethrown\t" + message_of(e)
            evaluate = None
            g.clear()
            # Everything the call made is collected inside the call, finalizers included (a class
            # made with type() can carry __del__), so their time and effects are this call's, never
            # a later verifier's. A finalizer that keeps making new garbage ends the interpreter.
            for _ in range(8):
                if gc.collect() == 0:
                    break
            else:
                if out in ("P", "F") or out.startswith("Eresult"):
                    out = "Ethrown\tthe verifier left objects that keep finalizing after its call"
                retire = True
        except KeyboardInterrupt:
            out = "Etimeout\ttimed out: interrupted at the deadline"
        except BaseException as e:
            out = "Ethrown\t" + type(e).__name__
            retire = True
        finally:
            state["guest"] = False
        if abc.get_cache_token() != token:
            retire = True
        if shared_attrs:
            shared_attrs.clear()
        for own, original in restore:
            if own != original:
                own.clear()
                own.update(original)
        return out + ("!" if retire else "")

    return prepare, call, to_seal, sealed

_verifier_api = _install()
del _install
_verifier_api
`;
