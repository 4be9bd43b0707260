"""Runs inside the sandbox's Pyodide interpreter: executes one program per call in a fresh namespace, and probes the
interpreter's health so that nothing one program does (patched builtins or modules, replaced sys state, background
tasks, files) reaches the next. Loaded once per interpreter, before any untrusted code."""
import ast
import asyncio
import builtins
import operator
import os
import shutil
import sys
import traceback

RUN_DIR = '/tmp/run'
KEEP_DIRS = ('/tmp', '/home/pyodide')
# Modules whose attributes change in normal use; their relevant state is checked separately (sys) or not at all.
VOLATILE_MODULES = {'sys', '__main__', 'builtins'}


def _fingerprint_module(module):
    try:
        return {name: id(value) for name, value in vars(module).items()}
    except TypeError:
        return {}


def _held(module):
    """A module's names and values as they stand, held (not copied): what `_unchanged` compares against."""
    try:
        namespace = vars(module)
    except TypeError:
        return None
    return tuple(namespace), tuple(namespace.values())


def _unchanged(module, held):
    """The module's namespace holds the very same names, in the same order, bound to the very same objects (identity,
    never `==`, which a planted object could answer). Two C-level passes: the probe's fast path for every module that
    nobody touched; anything else goes to the exact comparison."""
    if held is None:
        return False
    try:
        namespace = vars(module)
    except TypeError:
        return False
    names, values = held
    return len(namespace) == len(names) and all(map(operator.is_, namespace, names)) and all(map(operator.is_, namespace.values(), values))


class Baseline:
    """What a healthy interpreter looks like, taken once the trusted setup (imports of sympy etc.) is done."""

    def __init__(self):
        self.builtins = _fingerprint_module(builtins)
        self.modules = {name: id(module) for name, module in sys.modules.items()}
        self.attributes = {name: _fingerprint_module(module) for name, module in sys.modules.items() if module is not None}
        self.held = {name: _held(module) for name, module in sys.modules.items() if module is not None}
        self.sys_state = self._sys_state()
        self.environ = dict(os.environ)

    @staticmethod
    def _patched(module, before, after):
        # Importing a submodule for the first time adds it to its package: that is not a patch.
        if any(before.get(name) != after.get(name) for name in before):
            return True
        return any(not isinstance(getattr(module, name, None), type(sys)) for name in after.keys() - before.keys())

    @staticmethod
    def _sys_state():
        return {
            'path': list(sys.path), 'meta_path': [id(f) for f in sys.meta_path], 'path_hooks': [id(h) for h in sys.path_hooks],
            'stdout': id(sys.stdout), 'stderr': id(sys.stderr), 'stdin': id(sys.stdin), 'displayhook': id(sys.displayhook),
            'excepthook': id(sys.excepthook), 'profile': sys.getprofile(), 'trace': sys.gettrace(),
            'int_max_str_digits': sys.get_int_max_str_digits(),
        }

    def damage(self):
        """Everything that differs from the baseline, as short descriptions; empty when healthy."""
        found = []
        now = _fingerprint_module(builtins)
        for name in set(self.builtins) | set(now):
            if self.builtins.get(name) != now.get(name):
                found.append(f'builtins.{name} changed')
        for name, module_id in self.modules.items():
            module = sys.modules.get(name)
            if id(module) != module_id:
                found.append(f'sys.modules[{name!r}] replaced or removed')
            elif module is not None and name not in VOLATILE_MODULES and not _unchanged(module, self.held[name]):
                before = self.attributes[name]
                after = _fingerprint_module(module)
                if after != before and self._patched(module, before, after):
                    found.append(f'module {name} patched')
        state = self._sys_state()
        for key, value in self.sys_state.items():
            if state[key] != value:
                found.append(f'sys.{key} changed')
        if dict(os.environ) != self.environ:
            found.append('os.environ changed')
        try:
            pending = [task for task in asyncio.all_tasks(asyncio.get_event_loop()) if not task.done()]
        except RuntimeError:
            pending = []
        if pending:
            found.append(f'{len(pending)} background task(s) still scheduled')
        for folder in KEEP_DIRS:
            extra = [entry for entry in os.listdir(folder) if os.path.join(folder, entry) != RUN_DIR]
            if extra:
                found.append(f'files left in {folder}: {", ".join(sorted(extra)[:5])}')
        return found[:20]


baseline = None


def _empty_run_dir():
    """An empty working folder for the next run; False when the last run's files could not be removed."""
    os.chdir('/')
    shutil.rmtree(RUN_DIR, ignore_errors=True)
    os.makedirs(RUN_DIR, exist_ok=True)
    os.chdir(RUN_DIR)
    return not os.listdir(RUN_DIR)


def seal():
    """Called once, after the trusted imports: from here on the interpreter must stay as it is now. The guard leaves
    sys.modules first, so a program cannot simply import it and re-seal over damage it did."""
    global baseline
    _empty_run_dir()
    sys.modules.pop(__name__, None)
    baseline = Baseline()


def prepare(recursion_limit):
    """Before a run: an empty working folder, the recursion limit, a fresh namespace."""
    _empty_run_dir()
    sys.setrecursionlimit(recursion_limit)
    return {'__name__': '__main__', '__builtins__': builtins}


async def execute(code, namespace):
    """Runs one program; returns (ok, error, interrupted). Nothing it raises, SystemExit included, escapes."""
    try:
        compiled = compile(code, '<step>', 'exec', flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
        result = eval(compiled, namespace)
        if asyncio.iscoroutine(result):
            await result
        return (True, None, False)
    except KeyboardInterrupt as error:
        return (False, format_error(error), True)
    except BaseException as error:  # noqa: B036 — SystemExit and friends are results too
        return (False, format_error(error), False)
    finally:
        _flush_streams()


def _flush_streams():
    """What the program left in Python's stream buffers (a line cut by an interrupt) belongs to this run, not the next."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: B036 — a broken or replaced stream is the probe's business
            pass


def finish():
    """After a run: remove its files, and report any damage it did to the interpreter."""
    try:
        emptied = _empty_run_dir()
    except OSError as error:
        return [f'the working folder cannot be reset: {error}']
    found = baseline.damage()
    return found if emptied else found + ['files in the working folder cannot be removed']


def format_error(error):
    """The traceback of an uncaught exception, from the program's own frames on."""
    frames = traceback.extract_tb(error.__traceback__)
    own = [frame for frame in frames if frame.filename == '<step>']
    lines = ['Traceback (most recent call last):\n'] + traceback.format_list(own) if own else []
    return ''.join(lines + traceback.format_exception_only(type(error), error)).rstrip()
