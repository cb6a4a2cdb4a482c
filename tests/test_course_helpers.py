"""The course/ helpers: clocks, the Redis factory, graded checks, forced interleavings."""
from __future__ import annotations

import logging
import os
import sys
import threading
import time
import warnings

import pytest

from course.runtime.clocks import FakeClock, FakeMillisClock
from course.runtime.checks import CheckFailed, Checks, expect, expect_close, expect_equal, expect_raises
from course.runtime.interleave import Interleaving
from course.runtime.redis_client import fresh_server, make_redis


# -- clocks ----------------------------------------------------------------------------
def test_fake_clock_moves_only_when_told():
    clock = FakeClock(10.0)
    assert clock() == clock() == 10.0
    clock.advance(2.5)
    assert clock() == 12.5
    clock.set(1.0)  # stepping back is allowed with set()
    assert clock() == 1.0
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_fake_clock_tick_per_read():
    clock = FakeClock(0.0, tick=0.5)
    assert [clock(), clock(), clock()] == [0.0, 0.5, 1.0]


def test_fake_millis_clock_script_then_ticks():
    clock = FakeMillisClock(100, tick=1, script=[7, 5, 5])
    assert [clock() for _ in range(5)] == [7, 5, 5, 100, 101]
    assert all(isinstance(clock(), int) for _ in range(3))


# -- redis ---------------------------------------------------------------------------------
@pytest.mark.redis
@pytest.mark.parametrize("decode", [False, True])
def test_fresh_server_is_empty_and_shared_by_its_clients(decode):
    server = fresh_server()
    a, b = server.client(decode_responses=decode), server.client(decode_responses=decode)
    assert a.dbsize() == 0
    a.set("k", "v")
    assert b.get("k") == ("v" if decode else b"v")


@pytest.mark.redis
def test_make_redis_starts_empty():
    r = make_redis()
    r.set("x", 1)
    assert make_redis().get("x") is None


# -- grading ---------------------------------------------------------------------------------
def test_checks_score_is_points_earned_and_failures_do_not_stop(capsys):
    checks = Checks(points=3)

    @checks.check("passes")
    def _():
        expect_equal(1 + 1, 2, "1 + 1")

    @checks.check("fails with a message")
    def _():
        expect_equal([1, 2], [2, 1], "the order")

    @checks.check("student code raises")
    def _():
        {}["missing"]

    score = checks.score()
    assert score == 1.0
    out = capsys.readouterr().out
    assert "\u2714 passes" in out and "\u2718 fails with a message" in out
    assert "the order: expected [2, 1], got [1, 2]" in out
    assert "raised KeyError" in out
    # the summary is the cell's result (shown once in JupyterLab), the number is what nbgrader reads
    assert score.summary == "1 of 3 checks passed: 1 / 3 points" and score.summary in score._repr_html_()


def test_checks_weights_give_partial_credit():
    checks = Checks(points=2)
    checks.run("heavy", lambda: None, weight=3)
    checks.run("light", lambda: expect(False, "no"), weight=1)
    assert checks.score() == 1.5


@pytest.mark.filterwarnings("ignore:careful")
def test_stderr_warnings_and_logging_inside_a_check_stay_off_stderr(capsys):
    checks = Checks(points=1)

    @checks.check("noisy but correct")
    def _():
        print("to stderr", file=sys.stderr)
        logging.getLogger("student").warning("a warning")
        warnings.warn("careful")

    assert checks.score() == 1.0
    assert capsys.readouterr().err == ""


def test_exit_calls_fail_the_check_instead_of_the_process(capsys):
    checks = Checks(points=1)
    checks.run("os._exit", lambda: os._exit(3))
    checks.run("sys.exit", lambda: sys.exit(2))
    assert checks.score() == 0.0
    out = capsys.readouterr().out
    assert "os._exit(3)" in out and "sys.exit(2)" in out


def test_a_check_that_hangs_is_stopped(capsys):
    checks = Checks(points=1, timeout=0.2)

    @checks.check("spins forever")
    def _():
        while True:
            try:
                pass
            except Exception:  # a student's handler cannot swallow the timeout
                pass

    assert checks.score() == 0.0
    assert "no answer within 0.2 s" in capsys.readouterr().out


def test_not_implemented_and_undefined_names_say_so(capsys):
    checks = Checks(points=1)

    def stub():
        raise NotImplementedError()

    checks.run("stub", stub)
    checks.run("missing", lambda: undefined_name)  # noqa: F821
    out = capsys.readouterr().out
    assert "not implemented yet" in out
    assert "run the cell that defines it" in out


def test_expect_helpers():
    with pytest.raises(CheckFailed, match="expected 3, got True"):
        expect_equal(True, 3, "x")  # a bool is not a number here
    expect_equal(3.0, 3, "ints and floats compare by value")
    expect_close(0.1 + 0.2, 0.3, "sum")
    with pytest.raises(CheckFailed):
        expect_close("0.3", 0.3, "a string is not a number")
    assert isinstance(expect_raises(ValueError, lambda: int("x"), "int('x')"), ValueError)
    with pytest.raises(CheckFailed, match="but it returned 1"):
        expect_raises(ValueError, lambda: 1, "f()")


# -- interleavings ---------------------------------------------------------------------------
def _check_then_act(r):
    def admit():
        n = int(r.get("n") or 0)
        if n < 1:
            r.set("n", n + 1)
            return True
        return False
    return admit


@pytest.mark.redis
@pytest.mark.parametrize("decode", [False, True])
def test_forced_interleaving_exposes_check_then_act_every_time(decode):
    for _ in range(5):
        lab = Interleaving()
        a, b = lab.client("A", decode), lab.client("B", decode)
        result = lab.run({"A": _check_then_act(a), "B": _check_then_act(b)}, order=["A", "B", "A", "B"])
        assert result.values == {"A": True, "B": True}
        assert result.trace == [("A", "GET"), ("B", "GET"), ("A", "SET"), ("B", "SET")]


@pytest.mark.redis
def test_serial_order_admits_once():
    lab = Interleaving()
    a, b = lab.client("A"), lab.client("B")
    result = lab.run({"A": _check_then_act(a), "B": _check_then_act(b)}, order=["A", "A", "B"])
    assert result.values == {"A": True, "B": False}


@pytest.mark.redis
def test_a_lua_script_is_one_step():
    lab = Interleaving()
    a, b = lab.client("A"), lab.client("B")
    src = ("local n = tonumber(redis.call('GET', KEYS[1]) or '0') "
           "if n < 1 then redis.call('SET', KEYS[1], n + 1) return 1 end return 0")
    sa, sb = a.register_script(src), b.register_script(src)
    result = lab.run({"A": lambda: sa(keys=["n"]), "B": lambda: sb(keys=["n"])}, order=["A", "B", "A", "B"])
    assert sorted(result.values.values()) == [0, 1]


@pytest.mark.redis
def test_errors_are_handed_back_and_unknown_actors_refused():
    lab = Interleaving()
    a = lab.client("A")
    result = lab.run({"A": lambda: a.incr("x") / 0})
    assert isinstance(result.errors["A"], ZeroDivisionError)
    with pytest.raises(ValueError):
        lab.run({"A": lambda: None}, order=["B"])


@pytest.mark.redis
def test_an_actor_that_never_yields_is_reported_not_hung():
    import threading

    lab = Interleaving(timeout=0.3)
    a, b = lab.client("A"), lab.client("B")
    gate = threading.Event()

    def stuck():
        gate.wait(2)  # holds its turn without sending anything
        return a.get("x")

    result = lab.run({"A": stuck, "B": lambda: b.get("x")}, order=["A", "B"])
    gate.set()
    # the gate answers B's command with an error: B's client raises it
    assert "waited 0.3 s for its turn" in str(result.errors.get("B"))


# -- chapter 02's figures: labels on their own markers, log axes in plain numbers --------------
def test_mark_points_labels_sit_on_their_own_markers():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course.runtime.caching import mark_points

    fig, ax = plt.subplots()
    points = [(0.9, 3.0), (0.99, 1.2)]
    notes = mark_points(ax, points, ["90%", "99%"])
    fig.canvas.draw()
    markers = [tuple(map(float, (line.get_xdata()[0], line.get_ydata()[0]))) for line in ax.get_lines()]
    assert markers == points
    assert [tuple(map(float, n.xy)) for n in notes] == points          # each arrow ends on its marker
    assert [n.get_text() for n in notes] == ["90%", "99%"]
    boxes = [n.get_window_extent() for n in notes]
    assert not boxes[0].overlaps(boxes[1]), "the labels of neighbouring markers overlap"
    plt.close(fig)


def test_plain_log_axis_reads_as_plain_numbers():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course.runtime.caching import plain_log_axis

    fig, ax = plt.subplots()
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.plot([0.5, 5, 50, 500, 10_000], [1, 10, 100, 1000, 10_000])
    plain_log_axis(ax.xaxis, ticks=[5, 50, 500, 10_000])
    plain_log_axis(ax.yaxis)
    fig.canvas.draw()
    xs = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    ys = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert xs == ["5", "50", "500", "10,000"]
    assert {"1", "10", "100", "1,000", "10,000"} <= set(ys), ys
    assert not any("10^" in t or "$" in t for t in xs + ys), xs + ys
    assert not [t.get_text() for t in ax.xaxis.get_minorticklabels() if t.get_text()]
    plt.close(fig)


# -- make check: a note on a cell that raised says which cell and what to do -------------------
def test_check_note_names_the_cell_and_the_stub():
    import nbformat

    from course.grader.check import describe_error

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# title"),
        nbformat.v4.new_code_cell("# YOUR CODE HERE\nraise NotImplementedError()", metadata={"nbgrader": {
            "grade": False, "grade_id": "token-bucket", "locked": False, "schema_version": 3, "solution": True}}),
        nbformat.v4.new_code_cell("print(average_qps(1))"),
    ])
    stub = describe_error(nb, 1, {"type": "NotImplementedError", "message": ""})
    assert stub.startswith("cell 2 (exercise token-bucket) raised NotImplementedError: ")
    assert "stub" in stub and not stub.endswith(": ")
    teaching = describe_error(nb, 2, {"type": "NotImplementedError", "message": ""})
    assert "cell 3 (`print(average_qps(1))`)" in teaching and "not implemented yet" in teaching
    assert describe_error(nb, 2, {"type": "ValueError", "message": "bad"}).endswith("raised ValueError: bad")


def test_student_mode_hides_instructor_panels_and_validate():
    """`make lab` (student mode): no formgrader, assignment tools or course lists, no news, and no
    Validate button (its report shows "Partial credit" and cell source, never the ✘ lines)."""
    import json
    from pathlib import Path

    config = Path(__file__).resolve().parents[1] / ".jupyter" / "student" / "labconfig" / "page_config.json"
    disabled = {k for k, v in json.loads(config.read_text())["disabledExtensions"].items() if v}
    assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
            "@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:course-list",
            "@jupyter/nbgrader:validate-assignment",
            "@jupyterlab/apputils-extension:announcements"} <= disabled


# -- wait_unless_blocked: a paused thread stops waiting once the other is locked out --------------
def _paused_pair(body):
    """Thread B runs body(lock) while this thread holds ``lock``; returns (whether B finished in time, seconds waited)."""
    import threading
    import time

    from course.runtime.probes import wait_unless_blocked

    lock, done = threading.Lock(), threading.Event()
    box = {}

    def b():
        try:
            body(lock)
        finally:
            done.set()

    with lock:
        box["t"] = threading.Thread(target=b, daemon=True)
        box["t"].start()
        started = time.monotonic()
        got = wait_unless_blocked(done, lambda: box["t"], 1.5)
        seconds = time.monotonic() - started
    box["t"].join(5)
    return got, seconds


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux's /proc")
def test_wait_unless_blocked_stops_early_when_the_other_thread_is_locked_out():
    got, seconds = _paused_pair(lambda lock: lock.acquire() and lock.release())
    assert got is False and seconds < 1.0


def test_wait_unless_blocked_returns_when_the_other_thread_finishes():
    got, seconds = _paused_pair(lambda lock: None)
    assert got is True and seconds < 1.0


def test_wait_unless_blocked_waits_for_a_thread_that_keeps_waking_up():
    import time

    def poll(lock):                           # a spin with short sleeps is not locked out
        deadline = time.monotonic() + 1.2
        while time.monotonic() < deadline:
            time.sleep(0.001)

    got, seconds = _paused_pair(poll)
    assert got is True and seconds >= 1.1


# -- the Redis front (endpoints on socket files) -------------------------------------------------------
def _descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def _connects(path: str) -> bool:
    import socket

    with socket.socket(socket.AF_UNIX) as s:
        try:
            s.connect(path)
        except OSError:
            return False
        return True


def test_the_redis_front_serves_many_endpoints_and_frees_them():
    """One acceptor serves a notebook's hundred endpoints; closing their scope frees every socket,
    file and connection, and closing the front ends its acceptor."""
    import redis

    from course.runtime.redis_front import RedisFront

    before = _descriptors()
    front = RedisFront()
    assert os.stat(front.directory).st_mode & 0o777 == 0o711            # reachable by name, not listed
    import fakeredis

    server = fakeredis.FakeServer()
    scope = front.new_scope()
    endpoints = [front.endpoint(server) for _ in range(120)]
    assert len({os.path.basename(ep.path) for ep in endpoints}) == 120
    clients = [redis.Redis(unix_socket_path=ep.path) for ep in endpoints[::10]]
    for i, client in enumerate(clients):
        client.set(f"k{i}", i)
    assert clients[0].dbsize() == len(clients)                           # one server behind them all
    front.close_scope(scope)
    assert not any(os.path.exists(ep.path) for ep in endpoints) and not _connects(endpoints[0].path)
    for client in clients:
        client.close()
    acceptor = front._acceptor
    front.close()
    assert acceptor is not None and not acceptor.is_alive() and not os.path.exists(front.directory)
    deadline = time.monotonic() + 5
    while _descriptors() > before and time.monotonic() < deadline:     # (serving threads end on their own)
        time.sleep(0.01)
    assert _descriptors() <= before


def test_a_closed_endpoint_accepts_nobody_and_empty_scopes_stay_apart():
    """Closing the last scope opens a new one (no deadlock); two empty scopes are two scopes; a closed
    endpoint's socket is gone while its neighbours still serve."""
    from course.runtime.redis_front import RedisFront

    front = RedisFront()
    try:
        done = threading.Event()
        threading.Thread(target=lambda: (front.close_scope(front.scope), done.set()), daemon=True).start()
        assert done.wait(5), "closing the only scope never returned"
        assert front.scope == [] and len(front.scopes) == 1
        first, second = front.new_scope(), front.new_scope()
        front.close_scope(first)
        assert any(s is second for s in front.scopes) and not any(s is first for s in front.scopes)
        import fakeredis

        server = fakeredis.FakeServer()
        kept, closed = front.endpoint(server), front.endpoint(server)
        front._close_endpoint(closed)
        assert not _connects(closed.path) and _connects(kept.path)
    finally:
        front.close()


def test_settle_time_scales_with_how_long_a_call_that_does_not_wait_takes():
    """Never under the floor; a slower call: twenty times its duration; one that hangs: the cap.
    (How long a fast call takes depends on the machine's load, so its exact figure is not pinned.)"""
    from course.runtime.probes import settle_time

    assert settle_time(lambda: None, factor=0) == 0.02
    assert 0.02 <= settle_time(lambda: None) <= 0.25
    assert 0.2 <= settle_time(lambda: time.sleep(0.01)) <= 0.25
    started = time.monotonic()
    assert settle_time(threading.Event().wait, cap=0.1) == 0.1 and time.monotonic() - started < 1


def test_least_held_counts_what_the_code_keeps_not_what_one_build_happened_to_allocate():
    """Memory probes (chapter 08's bloom_bytes and lsm_bytes) read the least of two builds: an
    allocation of something else during one build (another thread, a table grown once) is not
    the code's, while what the code keeps is held after every build."""
    from course.runtime.probes import least_held

    elsewhere = []

    def build():
        if not elsewhere:                       # during the first build only, something else allocates
            elsewhere.append(bytearray(200_000))
        return bytearray(1_000)

    assert 1_000 <= least_held(build) < 5_000
    hoard = []

    def keeps():
        hoard.append(bytearray(100_000))        # the code keeps what it built, every time
        return None

    assert least_held(keeps) >= 100_000
