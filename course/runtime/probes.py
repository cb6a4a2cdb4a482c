"""Generic probes of student code, used by many chapters' tests.

**Looking from inside** (``@in_student``). Some properties can only be seen
from inside the student's process: how many times a key was hashed, how many
bytecodes a lookup ran. A function marked ``@in_student`` runs where the
student's objects live: in a student's kernel that is here; under grading the
call is sent to the student's process and only its plain-data result comes
back. What it reports is the student's to forge, so every check built on one
also confirms the property from outside, with :func:`cpu_seconds` (the CPU
time of the student's process, read by the grader from ``/proc``).

**Work counters**: :class:`CountingKey` and :func:`work_per_call` (hashes and
comparisons, Python steps: "is this O(1)?"), :func:`lookup_work` (bytecodes,
sorts and allocations per call: "is this a binary search?").

**Bounded waits and races**: :class:`RecordingSleep` (an injected ``sleep``
that records and never sleeps), :func:`limit_round_trips` (a Redis client that
fails after N commands), :func:`race` / :func:`admitted` / :func:`trace_text`
(forced interleavings of API servers on one Redis), :func:`ttls` (every key's
time to live), :func:`settle_time` (how long a call that waits must have waited),
:func:`wait_unless_blocked` (a paused thread waits for another
thread, and stops waiting as soon as that thread is seen locked out).
"""
from __future__ import annotations

import functools
import gc
import sys
import time
import tracemalloc
from dataclasses import asdict, dataclass
from typing import Any, Callable, Sequence

from . import checks


def in_student(fn: Callable) -> Callable:
    """Run ``fn`` in the student's process (its arguments may be the student's objects)."""
    @functools.wraps(fn)
    def probe(*args, **kwargs):
        if checks.HOOKS is not None:
            result = checks.HOOKS.probe(probe, args, kwargs)
            if result is not NotImplemented:
                return result
        return fn(*args, **kwargs)

    probe.__in_student__ = True
    return probe


# -- work counters ----------------------------------------------------------------------------------
class CountingKey:
    """A key that counts every ``hash()`` and ``==`` Python runs on it.

    A dict lookup hashes the key once and compares it with the few keys that
    share its hash; a scan of a list compares it with every element it passes.
    Counting these calls tells the two apart on any machine, loaded or not.
    Two keys are equal when their numbers are equal.
    """

    __slots__ = ("n",)
    hashes = 0
    compares = 0

    def __init__(self, n: int):
        self.n = n

    def __hash__(self) -> int:
        CountingKey.hashes += 1
        return hash(self.n)

    def __eq__(self, other) -> bool:
        CountingKey.compares += 1
        return isinstance(other, CountingKey) and self.n == other.n

    def __repr__(self) -> str:
        return f"K{self.n}"

    @classmethod
    def reset(cls) -> None:
        cls.hashes = cls.compares = 0


@dataclass
class Work:
    """What some calls cost, in units that do not depend on the machine's load."""

    calls: int = 0
    key_ops: float = 0.0        # CountingKey hashes + comparisons per call
    python_steps: float = 0.0   # Python 'call' and 'line' events per call
    bytecodes: int = 0          # Python bytecode instructions executed, in all
    big_sorts: int = 0          # list.sort() calls on lists of at least ``big`` items
    sorted_calls: int = 0       # sorted() calls (of any size)
    min_peak_bytes: int = 0     # the smallest, over the calls, of the memory one call allocated at its peak

    @property
    def bytecodes_per_call(self) -> float:
        return self.bytecodes / max(self.calls, 1)

    def __str__(self) -> str:
        return f"{self.key_ops:.1f} key hash/eq calls and {self.python_steps:.1f} Python steps per call"

    @classmethod
    def of(cls, value: Any) -> "Work":
        """A Work from a probe's result (a dict under grading, a Work in a kernel)."""
        if isinstance(value, Work):
            return value
        if type(value) is not dict:
            raise checks.CheckFailed(f"the measurement came back as {checks.show(value)}")
        known = {f for f in cls.__dataclass_fields__}
        fields = {k: v for k, v in value.items() if k in known and type(v) in (int, float)}
        return cls(**fields)


def work_per_call(fn: Callable[[Any], Any], args: Sequence[Any]) -> Work:
    """Call ``fn(a)`` for each ``a`` in ``args``; return the average work per call.

    Python steps are the ``call`` and ``line`` events of ``sys.settrace``: a loop
    written in Python, or a ``min(..., key=lambda ...)``, shows up as steps that
    grow with the data it walks.
    """
    steps = 0

    def tracer(frame, event, arg):
        nonlocal steps
        if event in ("call", "line"):
            steps += 1
        return tracer

    previous = sys.gettrace()
    gc_was_enabled = gc.isenabled()
    gc.disable()              # no collector callbacks counted as the code's work
    CountingKey.reset()
    sys.settrace(tracer)
    try:
        for a in args:
            fn(a)
    finally:
        sys.settrace(previous)
        if gc_was_enabled:
            gc.enable()
    n = max(1, len(args))
    return Work(calls=len(args), key_ops=(CountingKey.hashes + CountingKey.compares) / n, python_steps=steps / n)


def lookup_work(lookup: Callable[[Any], Any], keys: Sequence[Any], big: int = 1000) -> Work:
    """Run ``lookup(key)`` for each key four times over (a warm-up, then three counts): no stopwatch.

    - bytecodes: every Python instruction run inside the lookups (``sys.settrace``
      with opcode events). A scan written in Python runs a few per element; C code
      (``bisect``, ``hashlib``) runs none.
    - big_sorts: ``list.sort`` calls on lists of ``big`` items or more (``sys.setprofile``);
      sorted_calls: calls of the builtin ``sorted`` (whose argument the profiler cannot see).
    - min_peak_bytes: ``tracemalloc`` peak above the starting level, the smallest
      over all calls. Copying or ``sorted()``-ing a list of n numbers costs at least 8 n bytes.
    """
    counter = {"ops": 0, "sorts": 0, "sorted": 0}

    def local(frame, event, arg):
        if event == "opcode":
            counter["ops"] += 1
        return local

    def tracer(frame, event, arg):
        frame.f_trace_opcodes = True
        frame.f_trace_lines = False
        return local

    def profiler(frame, event, arg):
        if event != "c_call":
            return
        if arg is sorted:
            counter["sorted"] += 1
        elif getattr(arg, "__name__", "") == "sort":
            owner = getattr(arg, "__self__", None)
            if isinstance(owner, list) and len(owner) >= big:
                counter["sorts"] += 1

    keys = list(keys)
    for key in keys:  # warm up: a structure may build its index lazily on the first lookup after a change
        lookup(key)
    old_trace, old_profile = sys.gettrace(), sys.getprofile()
    sys.settrace(tracer)
    try:
        for key in keys:
            lookup(key)
    finally:
        sys.settrace(old_trace)
    sys.setprofile(profiler)
    try:
        for key in keys:
            lookup(key)
    finally:
        sys.setprofile(old_profile)

    started_here = not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    peaks = []
    try:
        for key in keys:
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            lookup(key)
            peaks.append(tracemalloc.get_traced_memory()[1] - before)
    finally:
        if started_here:
            tracemalloc.stop()
    return Work(calls=len(keys), bytecodes=counter["ops"], big_sorts=counter["sorts"],
                sorted_calls=counter["sorted"], min_peak_bytes=min(peaks) if peaks else 0)


CONTAINER_OPERATIONS = {
    "get": lambda c, k: c.get(k),
    "put": lambda c, k: c.put(k, -1),
    "in": lambda c, k: k in c,
    "len": lambda c, k: len(c),
}


def least_held(build: Callable[[], Any], runs: int = 2) -> int:
    """Bytes still held (tracemalloc, after a collection) by what ``build()`` returns, the
    least of ``runs`` builds. Something else may allocate while a build runs: another thread of
    the process (under grading, the ones that carry the grader's messages) or a table the
    interpreter grows once (a first call, an import). One such reading failed a store that keeps
    only its Bloom filters, once in two gradings of the same notebook. Neither comes back build
    after build; what the code keeps is held every time, so the least reading is the code's own."""
    # The collector is off while it runs, so everything a build allocates stays in the youngest
    # generation and a collection of that one alone frees the build's garbage (a full collection,
    # in a process that imported matplotlib, takes a tenth of a second).
    started_here = not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    enabled = gc.isenabled()
    gc.disable()
    readings = []
    try:
        for _ in range(runs):
            gc.collect(0)
            before = tracemalloc.get_traced_memory()[0]
            built = build()
            gc.collect(0)
            readings.append(tracemalloc.get_traced_memory()[0] - before)
            del built
    finally:
        if enabled:
            gc.enable()
        if started_here:
            tracemalloc.stop()
    return min(readings)


@in_student
def container_work(make: Callable[[int], Any], capacity: int, operation: str, fresh_keys: bool = False) -> dict:
    """Average work of one ``operation`` on a full container of ``capacity`` CountingKeys.

    ``make(capacity)`` builds it (a class such as ``LRUCache``); it is filled with
    ``put(CountingKey(i), i)``; the probes are ``2 * capacity`` keys: equal (not
    identical) keys spread over the whole container, or ``fresh_keys`` never put.
    """
    container = make(capacity)
    for i in range(capacity):
        container.put(CountingKey(i), i)
    n = 2 * capacity
    if fresh_keys:
        probes = [CountingKey(capacity + i) for i in range(n + 4)]
    else:
        probes = [CountingKey((i * 7919) % capacity) for i in range(n + 4)]
    op = CONTAINER_OPERATIONS[operation]
    for key in probes[:4]:               # warm up
        op(container, key)
    return asdict(work_per_call(lambda key: op(container, key), probes[4:]))


@in_student
def method_work(obj: Any, method: str, keys: list, big: int = 1000) -> dict:
    """:func:`lookup_work` of ``obj.method`` over ``keys``, as a dict."""
    return asdict(lookup_work(getattr(obj, method), keys, big))


@in_student
def repeat_calls(obj: Any, method: str, argslist: list, repeat: int = 1) -> int:
    """Call ``obj.method(*args)`` for every args, ``repeat`` times over; nothing measured here
    (the garbage collector is off meanwhile: its pauses are not the calls' cost)."""
    fn = getattr(obj, method)
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            for args in argslist:
                fn(*args)
    finally:
        if enabled:
            gc.enable()
    return repeat * len(argslist)


def cpu_seconds(obj: Any, method: str, argslist: list, repeat: int = 1, runs: int = 3) -> float:
    """CPU seconds the calls take: the least of ``runs`` measurements (a spike of the machine's
    is not the code's cost). Under grading the grader reads them from outside the student's
    process (``/proc``), so they cannot be forged; in a kernel, ``time.process_time``."""
    best = float("inf")
    for _ in range(runs):
        cpu = NotImplemented
        if checks.HOOKS is not None:
            cpu = checks.HOOKS.probe_cpu(repeat_calls, (obj, method, argslist, repeat), {})
        if cpu is NotImplemented:
            started = time.process_time()
            repeat_calls(obj, method, argslist, repeat)
            cpu = time.process_time() - started
        best = min(best, cpu)
    return best


def grows(small: float, big: float, factor: float, floor: float) -> bool:
    """Did a cost grow by more than ``factor`` (and more than ``floor`` in absolute terms)?"""
    return big > factor * small and big - small > floor


@in_student
def parameters(obj: Any) -> list:
    """``[(name, kind, has_default, default)]`` of ``inspect.signature(obj)`` (a default that is
    not plain data comes back as the student's object)."""
    import inspect

    return [(p.name, int(p.kind), p.default is not inspect.Parameter.empty,
             None if p.default is inspect.Parameter.empty else p.default)
            for p in inspect.signature(obj).parameters.values()]


def signature(obj: Any):
    """``inspect.signature(obj)``, also for a class or function of the student's under grading."""
    import inspect

    params = []
    for name, kind, has_default, default in parameters(obj):
        params.append(inspect.Parameter(name, inspect._ParameterKind(kind),
                                        default=default if has_default else inspect.Parameter.empty))
    return inspect.Signature(params)


# -- bounded waits --------------------------------------------------------------------------------------
def _thread_status(native_id: int) -> tuple[str, int] | None:
    """(state, voluntary context switches) of a thread of this process, from Linux's /proc;
    None where there is no /proc."""
    try:
        with open(f"/proc/self/task/{native_id}/status", "rb") as fh:
            text = fh.read()
    except OSError:
        return None
    state = switches = None
    for line in text.splitlines():
        if line.startswith(b"State:"):
            state = line.split()[1].decode()
        elif line.startswith(b"voluntary_ctxt_switches:"):
            switches = int(line.split()[1])
    return None if state is None or switches is None else (state, switches)


def wait_unless_blocked(done, other: Callable[[], Any], timeout: float,
                        progress: Callable[[], Any] = lambda: None, samples: int = 5,
                        interval: float = 0.01) -> bool:
    """``done.wait(timeout)`` for a thread that has paused itself (holding whatever the code under
    test holds) so that ``other()`` (a thread, or None until it starts) can run meanwhile; but
    stop waiting as soon as that thread is seen *blocked*, so a correct lock costs ~50 ms, not
    the whole ``timeout``. Returns whether ``done`` was set.

    Blocked means: at ``samples`` samples in a row, ``interval`` apart, the thread sleeps in the
    kernel (state S in Linux's /proc) without waking up (its voluntary context switches do not
    grow), its Python frame does not move, and ``progress()`` (say, how many times it read the
    clock) does not change. A thread that runs, or waits for a CPU, is in state R; one waiting
    for the GIL or polling with short sleeps wakes up every few milliseconds; a thread that
    sleeps for good while the only other running thread is paused waits for that thread. Where
    there is no /proc (not Linux), this waits the whole ``timeout``.
    """
    deadline = time.monotonic() + timeout
    last, streak = None, 0
    while True:
        if done.wait(max(0.0, min(interval, deadline - time.monotonic()))):
            return True
        if time.monotonic() >= deadline:
            return False
        thread = other()
        if thread is None or thread.native_id is None:
            continue
        status = _thread_status(thread.native_id)
        if status is None:
            return done.wait(max(0.0, deadline - time.monotonic()))
        frame = sys._current_frames().get(thread.ident)
        seen = (status[1], frame and (frame.f_code, frame.f_lasti), progress())
        if status[0] == "S" and seen == last:
            streak += 1
            if streak >= samples - 1:
                return done.is_set()
        else:
            streak = 0
        last = seen if status[0] == "S" else None


def settle_time(call: Callable[[], Any], floor: float = 0.02, factor: float = 20, cap: float = 0.25) -> float:
    """Seconds to give a call made in another thread before concluding that it *waits* (a ``put()``
    on a full queue): ``factor`` times what ``call``, one that returns at once (``len(queue)``), takes
    right now in a thread of its own, at least ``floor`` and at most ``cap``. A call that does not
    wait returns within that on an idle machine (well under a millisecond) and on a loaded one alike:
    the probe slows down with it, so no fixed worst-case pause is paid on every run."""
    import threading

    done = threading.Event()

    def run() -> None:
        try:
            call()
        except BaseException:  # noqa: BLE001 - only its duration counts
            pass
        finally:
            done.set()

    started = time.monotonic()
    threading.Thread(target=run, daemon=True).start()
    done.wait(cap)
    return min(cap, max(floor, factor * (time.monotonic() - started)))


class RecordingSleep:
    """An injected ``sleep`` that never sleeps.

    It records every delay it is asked for (``calls``), runs ``then(n)`` after the
    n-th call if given (so a demo or test can change the world "while you wait"),
    and raises ``RuntimeError`` past ``limit`` calls, so a waiter whose lock is
    never released fails quickly instead of waiting forever.
    """

    __remote_methods__ = ("__call__",)

    def __init__(self, limit: int = 1000, then: Callable[[int], None] | None = None):
        self.calls: list[float] = []
        self.limit = limit
        self.then = then

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        if len(self.calls) > self.limit:
            raise RuntimeError(f"sleep was called more than {self.limit} times: "
                               f"still waiting for a lock that is never released?")
        if self.then is not None:
            self.then(len(self.calls))


def limit_round_trips(client, limit: int = 1000):
    """Make ``client`` fail after ``limit`` commands (a loop that polls Redis forever
    then fails fast instead of spinning). Returns the same client.

    In a kernel the client raises ``RuntimeError``; under grading the student's
    copy of it reaches the grader's Redis through an endpoint that answers with
    an error after ``limit`` commands.
    """
    client._course_limit = limit
    original = client.execute_command
    sent = 0

    def execute_command(*args, **kwargs):
        nonlocal sent
        sent += 1
        if sent > limit:
            raise RuntimeError(f"more than {limit} commands sent to Redis: a loop that never ends?")
        return original(*args, **kwargs)

    client.execute_command = execute_command
    return client


# -- Redis races --------------------------------------------------------------------------------------
def ttls(redis) -> dict:
    """``{key: PTTL in ms}`` for every key on the server (``-1``: the key never expires)."""
    from .redis_client import as_text      # (here: importing probes must not import redis-py, 0.1 s)

    return {as_text(key): redis.pttl(key) for key in redis.scan_iter(count=1000)}


def race(make_call, order, actors=("A", "B"), decode=(False, True)):
    """Run one forced interleaving: each actor is an API server with its own Redis client.

    ``make_call(client)`` is called once per actor, BEFORE the race, with that
    actor's client (actors alternate ``decode_responses`` settings from
    ``decode``); it returns the zero-argument function the actor runs. Returns
    the :class:`~course.runtime.interleave.InterleaveResult` (``values``, ``errors``,
    ``trace``).
    """
    from .interleave import Interleaving

    lab = Interleaving()
    calls = {name: make_call(lab.client(name, decode_responses=decode[i % len(decode)]))
             for i, name in enumerate(actors)}
    return lab.run(calls, order=order)


def admitted(result) -> int:
    """How many calls a race admitted (values are decisions, or lists of decisions)."""
    total = 0
    for value in result.values.values():
        total += sum(1 for v in (value if isinstance(value, list) else [value]) if v is True)
    return total


def trace_text(result, limit: int = 16) -> str:
    """The race's commands, shortened: 'A:GET B:GET A:MULTI ...'."""
    steps = [f"{actor}:{command}" for actor, command in result.trace]
    return " ".join(steps[:limit]) + (" ..." if len(steps) > limit else "")
