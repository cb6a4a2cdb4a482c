"""The student's side of grading: runs the student's cells and answers the grader's calls.

The grader starts this module in a fresh process (``python -m course.runtime.agent FD``,
inside the sandbox) and talks to it over the socket ``FD`` with the plain-data
messages of :mod:`course.runtime.wire`. Nothing here decides a score: this
process belongs to the student, who may rewrite any of it. It only

- executes the student's code cells (``exec``),
- hands out the values of the names the tests use (``fetch``),
- calls the student's functions, classes and methods (``call``, ``map``),
  reads attributes, lengths, membership and items (``attr``, ``dunder``),
- runs the course's probes that must look from inside (``probe``),

and calls back into the grader when student code calls something the grader
passed in (a clock, a sleep, a database). Each grader thread is a *strand*: a
call on a new strand runs on a thread of its own here, so the grader can force
two of the student's threads to interleave.
"""
from __future__ import annotations

import builtins
import importlib
import io
import itertools
import linecache
import os
import reprlib
import socket
import sys
import threading
import traceback
from typing import Any

from course.runtime import wire

MAX_OUTPUT = 4000          # characters of printed output returned with one reply
MAX_ITEMS = 200_000        # items materialised by one iteration
MAIN_STRAND = 0
STRAND_IDLE = 1.0          # seconds before the thread of a quiet strand ends
CELL_PREFIX = "<cell "

_repr = reprlib.Repr()
_repr.maxstring = _repr.maxother = 160
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxdict = 8

PROXY_DUNDERS = ("__len__", "__contains__", "__iter__", "__getitem__", "__call__")


class GraderAbort(BaseException):
    """Raised in student code when the grader stops a call (a check ran out of time, a limit was hit)."""


class GraderError(Exception):
    """A callback into the grader failed with an exception the student's code may handle."""


def short_repr(value: Any) -> str:
    try:
        return _repr.repr(value)
    except BaseException as exc:  # noqa: BLE001 - a broken __repr__ is the student's
        return f"<{type(value).__name__} whose repr raised {type(exc).__name__}>"


def type_name(value: Any) -> str:
    kind = type(value)
    module = getattr(kind, "__module__", "") or ""
    name = getattr(kind, "__qualname__", kind.__name__)
    return name if module in ("builtins", "__main__", "") else f"{module}.{name}"


def _portable_exception(kind: type) -> type:
    """The class the grader will raise: the first builtin (or course.runtime) class in the MRO."""
    for base in kind.__mro__:
        module = getattr(base, "__module__", "")
        if module == "builtins" or module.startswith("course.runtime."):
            return base
    return Exception


def student_location(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(CELL_PREFIX)]
    if not frames:
        return ""
    last = frames[-1]
    line = (last.line or "").strip()
    where = f"in {last.name}()" if last.name != "<module>" else "at the top level"
    return f" ({where}, line {last.lineno}: {line})" if line else f" ({where}, line {last.lineno})"


def describe_exception(exc: BaseException) -> dict:
    kind = _portable_exception(type(exc))
    try:
        message = str(exc)
    except BaseException:  # noqa: BLE001
        message = "<the exception's str() raised>"
    return {"type": kind.__name__, "module": kind.__module__, "qualname": type(exc).__qualname__,
            "message": message[:2000], "where": student_location(exc)}


class _RoutedOutput(io.TextIOBase):
    """sys.stdout/sys.stderr: what a thread prints goes to its strand's buffer."""

    def __init__(self, agent: "Agent"):
        self.agent = agent

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        self.agent.output_for_thread().append(text)
        return len(text)

    def flush(self) -> None:
        pass


class _Output:
    def __init__(self):
        self.parts: list[str] = []
        self.size = 0

    def append(self, text: str) -> None:
        if self.size < MAX_OUTPUT * 4:
            self.parts.append(text)
            self.size += len(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts, self.size = [], 0
        return text if len(text) <= MAX_OUTPUT else text[:MAX_OUTPUT] + " ..."


class LazyImport:
    """``module`` (or ``module.attr``), imported on first use: the grader binds a teaching
    cell's heavy imports (matplotlib, widgets, numpy) this way, since grading never draws."""

    __slots__ = ("_module", "_attr", "_value")

    def __init__(self, module: str, attr: str | None = None):
        object.__setattr__(self, "_module", module)
        object.__setattr__(self, "_attr", attr)
        object.__setattr__(self, "_value", None)

    def _load(self):
        value = object.__getattribute__(self, "_value")
        if value is None:
            module = importlib.import_module(object.__getattribute__(self, "_module"))
            attr = object.__getattribute__(self, "_attr")
            value = getattr(module, attr) if attr else module
            object.__setattr__(self, "_value", value)
        return value

    def __getattr__(self, name):
        return getattr(self._load(), name)

    def __call__(self, *args, **kwargs):
        return self._load()(*args, **kwargs)

    def __repr__(self):
        return repr(self._load())


class GraderObject:
    """Something of the grader's that student code may call: a clock, a sleep, a database.

    Only the methods the grader listed can be called; every call is a round trip.
    """

    __slots__ = ("_agent", "_gid", "_methods", "_type")

    def __init__(self, agent: "Agent", gid: int, methods: list[str], type_name: str):
        object.__setattr__(self, "_agent", agent)
        object.__setattr__(self, "_gid", gid)
        object.__setattr__(self, "_methods", frozenset(methods))
        object.__setattr__(self, "_type", type_name)

    def __call__(self, *args, **kwargs):
        if "__call__" not in self._methods:
            raise TypeError(f"'{self._type}' object is not callable")
        return self._agent.callback(self._gid, "__call__", args, kwargs)

    def __getattr__(self, name: str):
        if name in self._methods:
            return lambda *args, **kwargs: self._agent.callback(self._gid, name, args, kwargs)
        raise AttributeError(f"'{self._type}' object has no attribute {name!r} (the grader's object offers "
                             f"{', '.join(sorted(m for m in self._methods if m != '__call__')) or 'only calls'})")

    def __setattr__(self, name, value):
        raise AttributeError(f"'{self._type}' object is read-only")

    def __repr__(self) -> str:
        return f"<{self._type}>"


class MirroredGraderObject(GraderObject):
    """A grader object read from a copy the grader keeps current (a FakeClock that does not tick):
    a call without arguments answers from the copy when there is one, and counts the read; the
    grader learns the count with the next message. Without a copy, it asks, as any GraderObject."""

    __slots__ = ()

    def __call__(self, *args, **kwargs):
        if not args and not kwargs:
            value = self._agent.mirrored_read(self._gid)
            if value is not None:
                return value
        return GraderObject.__call__(self, *args, **kwargs)


class Agent:
    def __init__(self, sock: socket.socket):
        self.channel = wire.Channel(sock)
        self.mailbox = wire.Mailbox(self.channel, self.on_stray, self.on_receive)
        self.mirror_lock = threading.Lock()
        self.mirror_values: dict[int, Any] = {}      # gid -> the value a read returns now
        self.mirror_reads: dict[int, int] = {}       # gid -> reads answered since the last message
        self.send_lock = threading.Lock()
        self.namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins,
                                          "__course_lazy__": LazyImport}
        self.objects: dict[int, Any] = {}
        self.ids = itertools.count(1)
        self.local = threading.local()
        self.orphans = itertools.count(-1, -1)
        self.cells = itertools.count(1)
        self.grader_objects: dict[int, Any] = {}
        self.outputs: dict[int, _Output] = {}
        self.orphan_output = _Output()
        self.lock = threading.Lock()

    # -- output ---------------------------------------------------------------------------------
    def output_for_thread(self) -> _Output:
        strand = getattr(self.local, "strand", None)
        if strand is None or strand < 0:
            return self.orphan_output
        return self.outputs.setdefault(strand, _Output())

    def take_output(self, strand: int) -> str:
        out = self.outputs.get(strand)
        text = out.take() if out else ""
        orphan = self.orphan_output.take()
        return text + orphan

    # -- references -----------------------------------------------------------------------------
    def ref(self, value: Any) -> dict:
        with self.lock:                   # one reference per crossing: the grader releases each once
            rid = next(self.ids)
            self.objects[rid] = value
        kind = type(value)
        methods = []
        try:
            for name in dir(kind):
                if name.startswith("_") and name not in PROXY_DUNDERS:
                    continue
                if callable(getattr(kind, name, None)):
                    methods.append(name)
        except BaseException:  # noqa: BLE001 - a hostile __dir__: no method list
            methods = []
        return {wire.TAG: "r", "id": rid, "oid": id(value), "type": type_name(value), "repr": short_repr(value),
                "callable": callable(value), "methods": methods[:500]}

    def resolve(self, tag: dict) -> Any:
        kind = tag[wire.TAG]
        if kind == "r":
            return self.objects[tag["id"]]
        if kind == "g":
            cached = self.grader_objects.get(tag["id"])
            if cached is not None:
                return cached
            kind = MirroredGraderObject if tag.get("mirror") is True else GraderObject
            obj = kind(self, tag["id"], tag.get("methods", []), tag.get("type", "object"))
            wrap = tag.get("wrap")
            if wrap:        # a course.runtime class that gives the grader's object its usual API here
                module_name, _, class_name = str(wrap).partition(":")
                if not module_name.startswith("course.runtime."):
                    raise wire.WireError("wrappers live in course.runtime")
                obj = getattr(importlib.import_module(module_name), class_name)(obj)
            self.grader_objects[tag["id"]] = obj
            return obj
        if kind == "redis":
            return self.redis_client(tag)
        raise wire.WireError(f"unknown reference {kind!r}")

    def redis_client(self, tag: dict):
        """A client of the grader's Redis (not cached: when the student's objects that hold it
        are gone, it is garbage and its connection closes)."""
        import redis

        # driver_info=None: no CLIENT SETINFO (library name and version, two round trips through
        # the grader's Redis front) on each new connection; the commands a check counts are unchanged
        return redis.Redis(unix_socket_path=tag["path"], decode_responses=bool(tag.get("decode")),
                           driver_info=None)

    def encode(self, value: Any) -> Any:
        return wire.encode(value, self.ref)

    def decode(self, tree: Any) -> Any:
        return wire.decode(tree, self.resolve)

    # -- talking to the grader --------------------------------------------------------------------
    def send(self, message: dict) -> None:
        with self.send_lock:
            with self.mirror_lock:
                if self.mirror_reads:
                    message["rd"] = {str(gid): n for gid, n in self.mirror_reads.items()}
                    self.mirror_reads = {}
            self.channel.send(message)

    # -- mirrored grader objects ----------------------------------------------------------------------
    def on_receive(self, message: dict) -> None:
        """Every message from the grader, in the order sent: take the copies it carries."""
        clk = message.get("clk")
        if type(clk) is not dict:
            return
        with self.mirror_lock:
            if clk.get("reset"):
                self.mirror_values = {}
            for key, value in (clk.get("v") or {}).items():
                gid = int(key)
                if value is None:
                    self.mirror_values.pop(gid, None)
                else:
                    self.mirror_values[gid] = value

    def mirrored_read(self, gid: int):
        with self.mirror_lock:
            value = self.mirror_values.get(gid)
            if value is not None:
                self.mirror_reads[gid] = self.mirror_reads.get(gid, 0) + 1
            return value

    def current_strand(self) -> int:
        strand = getattr(self.local, "strand", None)
        if strand is None:               # a thread the student started
            strand = next(self.orphans)
            self.local.strand = strand
        return strand

    def next_message(self, strand: int) -> dict:
        message = self.mailbox.get(strand)
        if message is None:           # the grader has gone: nothing left to do
            os._exit(0)
        return message

    def callback(self, gid: int, method: str, args: tuple, kwargs: dict) -> Any:
        strand = self.current_strand()
        self.send({"s": strand, "op": "cb", "target": gid, "method": method,
                   "args": self.encode(list(args)), "kwargs": self.encode(dict(kwargs))})
        self.mailbox.queue(strand)
        while True:
            message = self.next_message(strand)
            op = message.get("op")
            if op == "cbret":
                return self.decode(message.get("value"))
            if op == "cberr":
                error = message.get("error") or {}
                text = str(error.get("message", ""))
                if error.get("abort"):
                    raise GraderAbort(text)
                kind = getattr(builtins, str(error.get("type")), None)
                if isinstance(kind, type) and issubclass(kind, Exception):
                    raise kind(text)
                raise GraderError(text)
            # a nested call from the grader while we wait (the grader called back into us)
            self.serve(message)

    # -- serving ------------------------------------------------------------------------------------
    def on_stray(self, message: dict) -> None:
        """A message for a strand nobody is waiting on: a release, or a call on a new strand."""
        if message.get("op") == "release":
            self.release(message)
            return
        strand = message.get("s")
        if type(strand) is not int:
            return
        self.mailbox.queue(strand).put(message)
        threading.Thread(target=self.strand_loop, args=(strand,), daemon=True, name=f"strand-{strand}").start()

    def release(self, message: dict) -> None:
        with self.lock:
            for rid in message.get("ids", []):
                self.objects.pop(rid, None)

    def strand_loop(self, strand: int) -> None:
        """Serve one grader thread's calls; end once it has been quiet for a while (a race's
        threads come and go: a thread each, forever, would pile up)."""
        import time

        self.local.strand = strand
        while True:
            try:
                message = self.mailbox.get(strand, time.monotonic() + STRAND_IDLE, idle=True)
            except TimeoutError:
                if self.mailbox.retire(strand):
                    return
                continue
            if message is None:
                os._exit(0)
            self.serve(message)

    def serve(self, message: dict) -> None:
        strand = message.get("s", MAIN_STRAND)
        op = message.get("op")
        if op == "release":             # no reply: the grader does not wait for it
            self.release(message)
            return
        try:
            handler = getattr(self, f"op_{op}", None)
            if handler is None:
                raise wire.WireError(f"unknown operation {op!r}")
            value = handler(message)
            reply = {"s": strand, "op": "ret", "value": self.encode(value)}
        except BaseException as exc:  # noqa: BLE001 - every failure goes back as data
            if isinstance(exc, wire.WireError):
                reply = {"s": strand, "op": "err", "error": {"type": "RuntimeError", "module": "builtins",
                                                              "qualname": "WireError", "message": str(exc),
                                                              "where": ""}}
            else:
                reply = {"s": strand, "op": "err", "error": describe_exception(exc)}
        reply["out"] = self.take_output(strand)
        try:
            self.send(reply)
        except wire.WireError as exc:
            self.send({"s": strand, "op": "err", "out": "",
                       "error": {"type": "RuntimeError", "module": "builtins", "qualname": "WireError",
                                 "message": f"the answer could not be sent: {exc}", "where": ""}})

    # -- operations ---------------------------------------------------------------------------------
    def op_exec(self, message: dict) -> None:
        source = message["source"]
        filename = f"{CELL_PREFIX}{next(self.cells)}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        code = compile(source, filename, "exec")
        exec(code, self.namespace)

    def op_exec_each(self, message: dict) -> int:
        failures = 0
        for source in message["sources"]:
            try:
                self.op_exec({"source": source})
            except Exception:  # noqa: BLE001 - a definition that cannot run here is skipped
                failures += 1
        return failures

    def op_fetch(self, message: dict) -> dict:
        return {name: self.namespace[name] for name in message["names"] if name in self.namespace}

    def op_call(self, message: dict) -> Any:
        target = self.objects[message["target"]]
        if message.get("method"):
            target = getattr(target, message["method"])
        return target(*self.decode(message.get("args", [])), **self.decode(message.get("kwargs", {})))

    def op_map(self, message: dict) -> list:
        target = self.objects[message["target"]]
        if message.get("method"):
            target = getattr(target, message["method"])
        results = []
        for args in self.decode(message["argslist"]):
            results.append(target(*args))
        return results

    def op_calls(self, message: dict) -> list:
        obj = self.objects[message["target"]]
        results = []
        for method, args in self.decode(message["steps"]):
            results.append(getattr(obj, method)(*args))
        return results

    def op_attr(self, message: dict) -> Any:
        return getattr(self.objects[message["target"]], message["name"])

    def op_dunder(self, message: dict) -> Any:
        obj = self.objects[message["target"]]
        name = message["name"]
        args = self.decode(message.get("args", []))
        if name == "__len__":
            return len(obj)
        if name == "__contains__":
            return args[0] in obj
        if name == "__getitem__":
            return obj[args[0]]
        if name == "__iter__":
            return list(itertools.islice(iter(obj), MAX_ITEMS + 1))
        if name == "__repr__":
            return short_repr(obj)
        raise wire.WireError(f"unsupported operation {name!r}")

    def op_probe(self, message: dict) -> Any:
        module_name = message["module"]
        if not module_name.startswith("course.runtime."):
            raise wire.WireError("probes live in course.runtime")
        fn = getattr(importlib.import_module(module_name), message["name"])
        if not getattr(fn, "__in_student__", False):
            raise wire.WireError(f"{message['name']} is not a probe")
        return fn.__wrapped__(*self.decode(message.get("args", [])), **self.decode(message.get("kwargs", {})))

    def op_preload(self, message: dict) -> int:
        """Import modules (a spare process, before any notebook's code): nothing is bound."""
        loaded = 0
        for name in message.get("modules", []):
            try:
                importlib.import_module(str(name))
                loaded += 1
            except Exception:  # noqa: BLE001 - the notebook's own import will say why
                pass
        return loaded

    def op_ping(self, message: dict) -> int:
        return os.getpid()


def serve(fd: int) -> None:
    import faulthandler
    import signal

    faulthandler.register(signal.SIGUSR1, file=sys.__stderr__, all_threads=True, chain=True)  # diagnosing a hang
    threading.stack_size(4 * 1024 * 1024)   # many short-lived threads: keep their reserved memory small
    sock = socket.socket(fileno=fd)
    agent = Agent(sock)
    if agent.channel.trace is not None:
        signal.signal(signal.SIGUSR2, lambda *a: print("\n".join(map(str, agent.channel.trace)), file=sys.__stderr__))
    agent.local.strand = MAIN_STRAND
    sys.stdout = sys.stderr = _RoutedOutput(agent)
    try:
        sys.stdin = open(os.devnull)    # input() ends at once instead of waiting forever
    except OSError:
        sys.stdin = io.StringIO()
    agent.mailbox.queue(MAIN_STRAND)
    while True:
        agent.serve(agent.next_message(MAIN_STRAND))


if __name__ == "__main__":
    serve(int(sys.argv[1]))
