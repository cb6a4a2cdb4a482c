"""The grader's side of the boundary: a session with one student process, and proxies.

Test cells run in the grader's process. The names they use that the student
defined (``LRUCache``, ``average_qps``, ``answers``) are fetched from the
student's process: plain data arrives as plain data, and everything else as a
:class:`RemoteObject`, an opaque proxy whose calls, attribute reads, ``len``,
``in``, items and iteration are round trips to the student's process. What
comes back is plain data again, decoded type-exactly, or another proxy.

Objects of the grader's that a test passes to student code (a ``FakeClock``,
a ``RecordingSleep``, a ``FakeDatabase``, a callback) stay here: the student
gets a handle whose listed methods call back into this process. Redis clients
go over as the address of a socket served by the grader's Redis front, so the
data they touch lives here too.

Every wait has a deadline (the current check's): when it passes the session is
*broken*, the student's process is killed, and the engine starts a new one.
"""
from __future__ import annotations

import itertools
import threading
from typing import Any, Callable

from course.runtime import wire
from course.runtime.checks import CheckTimeout

from . import sandbox

EXPORT_ATTR = "__remote_methods__"   # methods of a grader object that student code may call
WRAPPER_ATTR = "__remote_wrapper__"  # "course.runtime.<module>:<Class>" the student's side wraps it in
# A grader object whose call (no arguments) the student's side may answer from a copy: the object
# gives the value (``__remote_mirror_value__()``, None when every read must ask) and is told how
# many reads were answered that way (``__remote_mirror_reads__(n)``). A FakeClock that does not tick.
MIRROR_ATTR = "__remote_mirror__"
MAX_MIRRORED_READS = 10_000_000      # per message: a larger count is a forgery, ignored


class SandboxDied(BaseException):
    """The student's process ended while the grader waited for it."""

    check_message = ("the process running your code ended (os._exit, a crash, or more memory than allowed); "
                     "it was restarted for the next checks")


class SessionBroken(BaseException):
    """The session can no longer be used (its process was killed after a timeout)."""

    @property
    def check_message(self) -> str:
        return f"the process running your code could not go on ({self})"


class StaleObject(Exception):
    """A proxy to an object of a student process that has since been replaced."""

    @property
    def check_message(self) -> str:
        return str(self)


_BUILTIN_EXCEPTIONS = {name: obj for name, obj in vars(__import__("builtins")).items()
                       if isinstance(obj, type) and issubclass(obj, BaseException)}


def _exception_class(error: dict) -> type[BaseException]:
    module, name = error.get("module"), error.get("type")
    if module == "builtins" and name in _BUILTIN_EXCEPTIONS:
        kind = _BUILTIN_EXCEPTIONS[name]
        # never raise SystemExit, KeyboardInterrupt or the like here because a student said so
        return kind if issubclass(kind, Exception) else RuntimeError
    if isinstance(module, str) and module.startswith("course.runtime.") and isinstance(name, str):
        import importlib

        try:
            kind = getattr(importlib.import_module(module), name)
            if isinstance(kind, type) and issubclass(kind, Exception):
                return kind
        except (ImportError, AttributeError):
            pass
    return Exception


class StudentException(Exception):
    """Marker mixed into re-raised student exceptions: their message and location."""


def student_exception(error: dict) -> BaseException:
    kind = _exception_class(error)
    message = str(error.get("message", ""))[:2000]
    if kind is KeyError and message.startswith("'") and message.endswith("'") and len(message) >= 2:
        exc = KeyError(message[1:-1])
    else:
        try:
            exc = kind(message)
        except Exception:  # noqa: BLE001 - a class that wants other arguments
            exc = Exception(message)
    exc.student_where = str(error.get("where", ""))[:500]          # type: ignore[attr-defined]
    exc.student_type = str(error.get("qualname", kind.__name__))[:200]  # type: ignore[attr-defined]
    return exc


class RemoteObject:
    """An object of the student's: every use is a round trip. See the module docstring."""

    __slots__ = ("_session", "_rid", "_oid", "_generation", "_type", "_repr", "_methods", "_callable",
                 "_name", "__weakref__")

    def __init__(self, session: "Session", tag: dict):
        set_ = object.__setattr__
        set_(self, "_session", session)
        set_(self, "_rid", tag["id"])
        set_(self, "_oid", tag.get("oid") if type(tag.get("oid")) is int else -tag["id"])
        set_(self, "_generation", session.generation)
        set_(self, "_type", str(tag.get("type", "object"))[:200])
        set_(self, "_repr", str(tag.get("repr", ""))[:300])
        methods = tag.get("methods")
        set_(self, "_methods", frozenset(m for m in methods if type(m) is str) if type(methods) is list else frozenset())
        set_(self, "_callable", tag.get("callable") is True)
        set_(self, "_name", None)          # a global of the student's: found again after a restart

    # -- calls ---------------------------------------------------------------------------------
    def __call__(self, *args, **kwargs):
        return self._session.request({"op": "call", "target": self._target(), "args": list(args),
                                      "kwargs": dict(kwargs)})

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        if name in self._methods:
            return RemoteMethod(self, name)
        return self._session.request({"op": "attr", "target": self._target(), "name": name})

    def __setattr__(self, name, value):
        raise AttributeError(f"the student's {self._type} object cannot be changed by a test")

    def _target(self) -> int:
        if self._generation != self._session.generation and self._name and not self._session.broken:
            fresh = self._session.fetch([self._name]).get(self._name)
            if isinstance(fresh, RemoteObject):
                for slot in ("_rid", "_oid", "_generation", "_type", "_repr", "_methods", "_callable"):
                    object.__setattr__(self, slot, getattr(fresh, slot))
                object.__setattr__(fresh, "_generation", -1)      # its reference now belongs to this proxy
        if self._generation != self._session.generation:
            raise StaleObject(f"this {self._type} object was made before the student's process was restarted "
                              f"(an earlier check ran out of time or crashed it)")
        return self._rid

    def _dunder(self, name: str, *args):
        return self._session.request({"op": "dunder", "target": self._target(), "name": name, "args": list(args)})

    def __len__(self) -> int:
        n = self._dunder("__len__")
        if type(n) is not int:
            raise TypeError(f"len() of a {self._type} returned {n!r}, not an int")
        return n

    def __contains__(self, item) -> bool:
        return self._dunder("__contains__", item)

    def __getitem__(self, key):
        return self._dunder("__getitem__", key)

    def __iter__(self):
        items = self._dunder("__iter__")
        if type(items) is not list:
            raise TypeError(f"iterating over a {self._type} gave {items!r}")
        return iter(items)

    def __bool__(self):
        raise TypeError(f"a {self._type} object ({self._repr}) where a bool was expected: return True or False")

    # -- identity only ---------------------------------------------------------------------------
    def __eq__(self, other):
        """The same object of the student's (``is``, not ``==``: student code decides nothing here)."""
        return (isinstance(other, RemoteObject) and other._session is self._session
                and other._generation == self._generation and other._oid == self._oid)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(("remote", id(self._session), self._generation, self._oid))

    def __repr__(self) -> str:
        return f"<{self._type} object: {self._repr}>" if self._repr else f"<{self._type} object>"

    def __del__(self):
        try:
            self._session.release(self._rid, self._generation)
        except Exception:  # noqa: BLE001 - during shutdown
            pass


class RemoteMethod:
    """``obj.method`` of a student object, not yet called (one round trip when called)."""

    __slots__ = ("obj", "name")

    def __init__(self, obj: RemoteObject, name: str):
        self.obj, self.name = obj, name

    def __call__(self, *args, **kwargs):
        return self.obj._session.request({"op": "call", "target": self.obj._target(), "method": self.name,
                                          "args": list(args), "kwargs": dict(kwargs)})

    def map(self, argslist: list[tuple]) -> list:
        """``[self(*args) for args in argslist]`` in one round trip."""
        return self.obj._session.request({"op": "map", "target": self.obj._target(), "method": self.name,
                                          "argslist": [list(a) for a in argslist]})

    def __repr__(self) -> str:
        return f"<method {self.name} of {self.obj!r}>"


def remote_map(fn: Any, argslist: list[tuple]) -> Any:
    """One round trip for many calls of a student callable; ``NotImplemented`` if ``fn`` is not one."""
    if isinstance(fn, RemoteMethod):
        return fn.map(argslist)
    if isinstance(fn, RemoteObject):
        return fn._session.request({"op": "map", "target": fn._target(), "argslist": [list(a) for a in argslist]})
    owner = getattr(fn, "__self__", None)          # proxy.__contains__, proxy.__len__, proxy.__getitem__
    if isinstance(owner, RemoteObject) and getattr(fn, "__name__", "") in PROXY_DUNDERS:
        return RemoteMethod(owner, fn.__name__).map(argslist)
    return NotImplemented


def remote_calls(obj: Any, steps: list[tuple]) -> Any:
    """``[getattr(obj, method)(*args) for method, args in steps]`` in one round trip."""
    if not isinstance(obj, RemoteObject):
        return NotImplemented
    return obj._session.request({"op": "calls", "target": obj._target(),
                                 "steps": [[m, list(a)] for m, a in steps]})


PROXY_DUNDERS = ("__contains__", "__len__", "__getitem__")


def probe_session(args: tuple, kwargs: dict) -> "Session | None":
    """The session of the first student object among a probe's arguments, if any."""
    for value in list(args) + list(kwargs.values()):
        if isinstance(value, RemoteMethod):
            value = value.obj
        if isinstance(value, RemoteObject):
            return value._session
    return None


def remote_probe(fn: Callable, args: tuple, kwargs: dict) -> tuple[Any, float]:
    """Run the probe ``fn`` in the student's process: (its value, the CPU seconds it took, read from outside)."""
    session = probe_session(args, kwargs)
    started = session.process.cpu_seconds()
    value = session.request({"op": "probe", "module": fn.__module__, "name": fn.__name__,
                             "args": list(args), "kwargs": dict(kwargs)})
    return value, session.process.cpu_seconds() - started


def _ignore(message: dict) -> None:
    """What a closed session's mailbox does with a message nobody waits for."""


class Session:
    """One student process and the conversation with it."""

    def __init__(self, kind: str = "sandbox", socket_dirs: list | None = None):
        self.kind = kind
        self.socket_dirs = list(socket_dirs or [])
        self.generation = 0
        self.exports: dict[int, tuple[Any, frozenset]] = {}
        self.export_ids: dict[int, int] = {}
        self.ids = itertools.count(1)
        self.local = threading.local()
        self.next_strand = itertools.count(1)
        self.lock = threading.Lock()
        self.send_lock = threading.Lock()
        self.deadline: float | None = None
        self.check = 0                      # which check is running (the engine counts them)
        self.broken: str | None = None
        self.output: list[str] = []
        self.process: sandbox.StudentProcess | None = None
        self.redis_export: Callable[[Any], dict | None] | None = None
        self.released: list[int] = []
        # Mirrored objects (see MIRROR_ATTR) the current check uses: every message to the student
        # carries their values; a new check starts with none (the student's copies are dropped).
        self.mirrors: dict[int, Any] = {}
        self.mirror_check: int | None = None
        self.mirror_reset = False
        self.start()

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> None:
        self.generation += 1
        self.broken = None
        self.released = []
        self.process = sandbox.STARTERS[self.kind](self.socket_dirs)
        self.channel = wire.Channel(self.process.sock)
        self.mailbox = wire.Mailbox(self.channel, self._stray, self._received)
        with self.lock:
            self.mirrors, self.mirror_check, self.mirror_reset = {}, None, False

    def restart(self) -> None:
        self.kill()
        self.start()

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
        mailbox = getattr(self, "mailbox", None)
        if mailbox is not None:
            mailbox._route(None)
            # The mailbox calls back into this session: a cycle. Broken here, so a killed session is
            # freed by reference counting even if a gc.freeze() made it permanent while it was alive
            # (a warm engine's spare is alive when the previous notebook's grading freezes).
            mailbox.on_stray, mailbox.on_receive = _ignore, None

    close = kill

    # -- exports (grader objects the student may call) ------------------------------------------
    def export(self, obj: Any) -> dict:
        if isinstance(obj, RemoteMethod):
            raise TypeError("pass the student's object, not one of its methods")
        if isinstance(obj, RemoteObject):
            return {wire.TAG: "r", "id": obj._target()}
        if self.redis_export is not None:
            tag = self.redis_export(obj)
            if tag is not None:
                return tag
        methods = getattr(type(obj), EXPORT_ATTR, None)
        if methods is None:
            if callable(obj) and not isinstance(obj, type):
                methods = ("__call__",)
            else:
                raise TypeError(f"a {type(obj).__qualname__} cannot be passed to student code "
                                f"(plain data, a callable, or an object with {EXPORT_ATTR})")
        with self.lock:
            gid = self.export_ids.get(id(obj))
            if gid is None or self.exports[gid][0] is not obj:
                gid = next(self.ids)
                self.exports[gid] = (obj, frozenset(methods))
                self.export_ids[id(obj)] = gid
        tag = {wire.TAG: "g", "id": gid, "methods": list(methods), "type": type(obj).__name__}
        wrapper = getattr(type(obj), WRAPPER_ATTR, None)
        if wrapper:
            tag["wrap"] = wrapper
        if self._mirror(gid, obj):
            tag["mirror"] = True
        return tag

    # -- mirrored objects ---------------------------------------------------------------------------
    def _mirror(self, gid: int, obj: Any) -> bool:
        """Use the copy for ``obj`` from now on in this check (it is mirrorable)."""
        if not getattr(type(obj), MIRROR_ATTR, False):
            return False
        with self.lock:
            self._mirror_scope()
            self.mirrors[gid] = obj
        return True

    def _mirror_scope(self) -> None:
        if self.mirror_check != self.check:         # (under self.lock)
            self.mirror_check, self.mirrors, self.mirror_reset = self.check, {}, True

    def _mirror_values(self) -> dict | None:
        """The copies to send now: {"reset": drop every older copy, "v": {gid: value or None}}."""
        with self.lock:
            self._mirror_scope()
            if not self.mirrors and not self.mirror_reset:
                return None
            reset, self.mirror_reset = self.mirror_reset, False
            mirrors = list(self.mirrors.items())
        values = {}
        for gid, obj in mirrors:
            value = obj.__remote_mirror_value__()
            values[str(gid)] = value if type(value) in (int, float) else None
        return {"reset": reset, "v": values}

    def _received(self, message: dict) -> None:
        """Every message from the student, in order: count the reads its copies answered."""
        reads = message.get("rd")
        if type(reads) is not dict:
            return
        for key, count in reads.items():
            if type(key) is not str or not key.isdigit() or type(count) is not int \
                    or not 0 < count <= MAX_MIRRORED_READS:
                continue
            entry = self.exports.get(int(key))
            if entry is not None and getattr(type(entry[0]), MIRROR_ATTR, False):
                entry[0].__remote_mirror_reads__(count)

    def resolve(self, tag: dict) -> Any:
        if tag.get(wire.TAG) == "r" and type(tag.get("id")) is int:
            return RemoteObject(self, tag)
        raise wire.WireError("the student's process sent a reference of an unknown kind")

    def release(self, rid: int, generation: int) -> None:
        if generation == self.generation and not self.broken:
            self.released.append(rid)

    # -- the conversation ----------------------------------------------------------------------------
    def _strand_id(self) -> int:
        """Each grader thread talks on a strand of its own (the main thread on strand 0)."""
        if threading.current_thread() is threading.main_thread():
            return 0
        sid = getattr(self.local, "sid", None)
        if sid is None or getattr(self.local, "generation", None) != self.generation:
            with self.lock:
                sid = next(self.next_strand)
            self.local.sid, self.local.generation = sid, self.generation
        return sid

    def _send(self, message: dict) -> None:
        with self.send_lock:            # values taken under the lock: the student sees them in order
            mirrors = self._mirror_values()
            if mirrors is not None:
                message["clk"] = mirrors
            self.channel.send(message)

    def _stray(self, message: dict) -> None:
        """A message no grader thread waits for: a callback from a thread the student started."""
        sid = message.get("s")
        if type(sid) is int and sid < 0 and message.get("op") == "cb":
            threading.Thread(target=self._serve_callback, args=(message,), daemon=True).start()

    def request(self, message: dict) -> Any:
        """Send ``message`` (its values still Python objects) and wait for the answer."""
        if self.broken:
            raise SessionBroken(self.broken)
        sid = self._strand_id()
        self.mailbox.queue(sid)
        if self.released:
            ids, self.released = self.released, []
            try:
                self._send({"s": sid, "op": "release", "ids": ids})
            except OSError:
                pass
        encoded = dict(message)
        for key in ("args", "kwargs", "argslist", "steps"):
            if key in encoded:
                encoded[key] = wire.encode(encoded[key], self.export)
        encoded["s"] = sid
        deadline, check = self.deadline, self.check
        try:
            self._send(encoded)
        except OSError:
            raise self._died() from None
        return self._wait(sid, deadline, check)

    def _died(self) -> BaseException:
        self.broken = self.broken or "died"
        return SandboxDied("the student's process ended (os._exit, a crash, or too much memory)")

    def _wait(self, sid: int, deadline: float | None, check: int) -> Any:
        """The answer to this strand's request, within the deadline of the check that asked."""
        while True:
            try:
                message = self.mailbox.get(sid, deadline)
            except TimeoutError:
                self._timed_out(check)
            if message is None:
                if not self.broken or self.broken == "died":
                    raise self._died()
                raise SessionBroken(self.broken)
            op = message.get("op")
            out = message.get("out")
            if type(out) is str and out:
                self.output.append(out[:4000])
            if op == "ret":
                return self._decode(message.get("value"))
            if op == "err":
                error = message.get("error")
                raise student_exception(error if type(error) is dict else {})
            if op == "cb":
                self._serve_callback(message)
                continue

    def _timed_out(self, check: int):
        if check == self.check:            # the current check ran out of time: its process goes
            self.broken = "timeout"
            self.kill()
        # (a thread a finished check left behind only gives up: it must not cost a later check)
        raise CheckTimeout()

    def _decode(self, tree: Any) -> Any:
        try:
            return wire.decode(tree, self.resolve)
        except (wire.WireError, TypeError, ValueError, RecursionError) as exc:
            raise wire.WireError(f"the student's process sent something unreadable ({exc})") from None

    def _serve_callback(self, message: dict) -> None:
        sid = message.get("s")
        try:
            gid, method = message.get("target"), message.get("method")
            obj, methods = self.exports[gid]
            if type(method) is not str or method not in methods:
                raise AttributeError(f"{type(obj).__name__}.{method} cannot be called from student code")
            args = self._decode(message.get("args", []))
            kwargs = self._decode(message.get("kwargs", {}))
            if type(args) is not list or type(kwargs) is not dict or not all(type(k) is str for k in kwargs):
                raise TypeError("malformed call")
            fn = obj if method == "__call__" else getattr(obj, method)
            value = fn(*args, **kwargs)
            if method == "__call__" and not args and not kwargs:
                self._mirror(gid, obj)          # a mirrored object read again in a new check
            reply = {"s": sid, "op": "cbret", "value": wire.encode(value, self.export)}
        except BaseException as exc:  # noqa: BLE001 - the student's call fails, the grader goes on
            abort = not isinstance(exc, Exception) or isinstance(exc, (SessionBroken, SandboxDied))
            name = type(exc).__name__ if type(exc).__name__ in _BUILTIN_EXCEPTIONS else "RuntimeError"
            reply = {"s": sid, "op": "cberr", "error": {"type": name, "message": str(exc)[:1000], "abort": abort}}
            if isinstance(exc, CheckTimeout):
                raise
        try:
            self._send(reply)
        except OSError:
            pass

    # -- conveniences for the engine -----------------------------------------------------------------
    def take_output(self) -> str:
        text = "".join(self.output)
        self.output = []
        return text

    def exec_cell(self, source: str) -> BaseException | None:
        try:
            self.request({"op": "exec", "source": source})
            return None
        except Exception as exc:  # noqa: BLE001 - reported as the cell's output
            return exc

    def exec_each(self, sources: list[str]) -> None:
        """Run each source on its own; one that fails does not stop the others (their errors are dropped)."""
        try:
            self.request({"op": "exec_each", "sources": list(sources)})
        except Exception:  # noqa: BLE001
            pass
        return None

    def fetch(self, names: list[str]) -> dict:
        values = self.request({"op": "fetch", "names": list(names)})
        if type(values) is not dict:
            raise wire.WireError("the student's process answered a fetch with something else")
        for name, value in values.items():
            if isinstance(value, RemoteObject):
                object.__setattr__(value, "_name", name)
        return values
