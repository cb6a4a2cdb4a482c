"""Hostile submissions: the properties of GRADING.md, each shown on a purpose-built attack.

Every submission here is graded by the real grader in the real sandbox
(bubblewrap), on the synthetic assignment of ``synthetic.py`` (cheap to grade).
The reference gets 5/5, the untouched stub 1/5 (the cell that uses no student
code); an attack that earned more than the code behind it deserves would show
up as points it should not have.
"""
from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

import synthetic as syn
from course.grader import engine, nbgrader_plugins, sandbox

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(sandbox.sandbox_problem() is not None,
                                reason=f"no sandbox here: {sandbox.sandbox_problem()}")


def grade(nb, **engine_args) -> engine.NotebookReport:
    return engine.Engine("sandbox", **engine_args).grade(nb, syn.master())


def outputs(report) -> str:
    """Everything the student's cells printed, and every check message."""
    text = [c.output + str(c.error or "") for c in report.student_cells.values()]
    text += [t.output for t in report.tests.values()]
    return "\n".join(text)


STUB_ONLY = {"test-add": 0.0, "test-tally": 0.0, "test-independent": 1.0}


def test_reference_full_stub_zero():
    assert syn.scores(grade(syn.master())) == syn.FULL
    assert syn.scores(grade(syn.stub())) == STUB_ONLY


# -- 1. nothing in the student's process decides a score --------------------------------------------
FORGE_CHECKS = '''
import course.runtime.checks as c
c.Checks.score = lambda self: self.points
c.Checks.earned = lambda self: self.points
c.Checks.fraction = lambda self: 1.0
c.Checks.run = lambda self, name, fn, weight=1.0, timeout=None: True
c.expect = c.expect_equal = c.expect_close = lambda *a, **k: None
c.HOOKS = None
'''


def test_rewriting_the_checks_module_in_the_student_process_earns_nothing():
    report = grade(syn.student(syn.STUB_ADD + FORGE_CHECKS, syn.STUB_TALLY))
    assert syn.scores(report) == STUB_ONLY


def test_ipython_formatters_and_transformers_earn_nothing():
    attack = syn.STUB_ADD + '''
try:
    import IPython
    ip = IPython.get_ipython()
    ip.display_formatter.formatters["text/plain"].for_type(float, lambda *a: "2.0")
    ip.input_transformers_post.append(lambda lines: ["checks.points = 0\\n"] + lines)
except Exception as exc:
    print("no IPython to hijack:", type(exc).__name__)
'''
    assert syn.scores(grade(syn.student(attack, syn.STUB_TALLY))) == STUB_ONLY


class_equal_to_everything = '''
class Anything(int):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    __hash__ = int.__hash__

class Whatever:
    def __eq__(self, other): return True
    def __bool__(self): return True
    def __float__(self): return 0.5
    def __int__(self): return 1

def add(a, b):
    return Anything(a + b) if isinstance(a, int) else Whatever()

class Tally:
    def __init__(self, clock): pass
    def hit(self): return Whatever()
    def rate(self): return Whatever()
'''


def test_objects_equal_to_everything_earn_nothing():
    """Comparisons are type-exact: an int subclass is not an int, an object is not a value."""
    report = grade(syn.student(class_equal_to_everything, "pass"))
    assert syn.scores(report) == STUB_ONLY
    assert "Whatever" in report.tests["test-tally"].output or "Anything" in report.tests["test-add"].output


# -- 2. what the checks observe cannot be forged -------------------------------------------------------
def test_the_injected_clock_only_answers_calls():
    """A FakeClock crosses as a handle whose only method is __call__: no advance, no set."""
    cheat = syn.REFERENCE_TALLY.replace("elapsed = self.clock() - self.start",
                                        "self.clock.advance(996); elapsed = 4.0")
    report = grade(syn.student(None, cheat))
    assert report.tests["test-tally"].score == 1.0
    assert "read-only" in outputs(report) or "has no attribute 'advance'" in outputs(report)


# -- 3. hidden tests never enter the student's process ---------------------------------------------------
SPY = '''
import gc, sys
FOUND = []

def _look(frame):
    while frame is not None:
        for value in list(frame.f_globals.values()) + list(frame.f_locals.values()):
            FOUND.append(repr(value)[:2000])
        FOUND.append(str(frame.f_code.co_filename))
        frame = frame.f_back

def add(a, b):
    _look(sys._getframe())
    for obj in gc.get_objects():
        try:
            if isinstance(obj, str) and "SECRET" in obj:
                FOUND.append(obj)
            elif hasattr(obj, "co_consts"):
                FOUND.extend(str(c) for c in obj.co_consts)
        except Exception:
            pass
    print("\\n".join(FOUND)[:3000])
    raise ValueError("dumping what I found: " + " | ".join(FOUND)[-1500:])
'''


def test_hidden_tests_never_reach_the_student_process():
    report = grade(syn.student(SPY, None))
    assert syn.HIDDEN_MARK not in outputs(report)
    assert "BEGIN HIDDEN TESTS" not in outputs(report)


# -- 4. the sandbox -----------------------------------------------------------------------------------------
def test_nothing_of_the_course_but_the_runtime_is_visible():
    paths = [ROOT / "source", ROOT / "release", ROOT / "tests", ROOT / "course" / "grader", ROOT / "submitted",
             ROOT / "autograded", ROOT / "feedback", ROOT / "gradebook.db", ROOT / "nbgrader_config.py",
             Path("/etc/passwd"), Path("/etc/shadow")]
    # the instructor's home: nothing of it (the Python installation may live under it, read-only)
    paths += [p for p in Path.home().iterdir() if p.name not in (".pyenv",) and not str(Path(sys.base_prefix)).startswith(str(p))]
    probe = "import os\nfor p in %r:\n    print('SEEN' if os.path.exists(p) else 'absent', p)\n" % [str(p) for p in paths]
    probe += "print('UID', os.getuid())\nprint('ROOTLIST', sorted(os.listdir('%s')))\n" % ROOT
    report = grade(syn.student(None, None, extra=[probe]))
    text = outputs(report)
    assert "SEEN" not in text, text
    assert "UID 65534" in text
    assert "ROOTLIST ['.venv', 'course']" in text or "ROOTLIST ['course']" in text, text


def test_the_runtime_is_read_only_and_unchanged():
    target = ROOT / "course" / "runtime" / "checks.py"
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    attack = ("import course.runtime.checks as c\ntry:\n    open(c.__file__, 'a').write('\\nHOOKS = None\\n')\n"
              "    print('WROTE')\nexcept OSError as exc:\n    print('refused:', exc)\n")
    report = grade(syn.student(None, None, extra=[attack]))
    assert "WROTE" not in outputs(report) and "refused" in outputs(report)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert syn.scores(report) == syn.FULL


def test_no_network():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    attack = f'''
import socket
for host, port in (("127.0.0.1", {port}), ("1.1.1.1", 53), ("pypi.org", 443)):
    try:
        socket.create_connection((host, port), timeout=2).close()
        print("CONNECTED", host)
    except OSError as exc:
        print("no network:", host, type(exc).__name__)
'''
    try:
        report = grade(syn.student(None, None, extra=[attack]))
    finally:
        listener.close()
    assert "CONNECTED" not in outputs(report)
    assert outputs(report).count("no network") == 3


def test_the_grader_is_out_of_reach():
    attack = f'''
import os, signal
print("PIDS", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
try:
    os.kill({os.getpid()}, signal.SIGKILL)
    print("KILLED THE GRADER?")
except OSError as exc:
    print("cannot signal:", type(exc).__name__)
'''
    report = grade(syn.student(None, None, extra=[attack]))
    text = outputs(report)
    assert "cannot signal: ProcessLookupError" in text
    pids = eval(re.search(r"PIDS (\[.*?\])", text).group(1))
    assert max(pids) < 100 and os.getpid() not in pids


def test_every_process_the_student_started_is_dead_when_grading_ends():
    marker = f"{time.time_ns() % 10**9}.77"
    attack = f'''
import os
pid = os.fork()
if pid == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/bin/sleep", ["sleep", "{marker}"])
    os._exit(0)
os.waitpid(pid, 0)
print("daemon started")
'''
    report = grade(syn.student(None, None, extra=[attack]))
    assert "daemon started" in outputs(report)
    time.sleep(0.3)
    found = subprocess.run(["pgrep", "-f", f"sleep {marker}"], capture_output=True, text=True)
    assert found.stdout.strip() == "", "a process of the student's survived grading"
    assert syn.scores(report) == syn.FULL


def test_memory_files_and_output_are_limited():
    attack = '''
try:
    hog = bytearray(8 * 1024 ** 3)
    print("GOT 8 GiB")
except MemoryError:
    print("memory refused")
try:
    with open("/tmp/big", "wb") as f:
        f.write(b"x" * (200 * 1024 ** 2))
    print("WROTE 200 MiB")
except OSError as exc:
    print("file refused:", exc.errno)
print("y" * 5_000_000)
'''
    report = grade(syn.student(None, None, extra=[attack]))
    text = outputs(report)
    assert "memory refused" in text and "GOT 8 GiB" not in text
    assert "file refused" in text and "WROTE" not in text
    assert len(text) < 100_000
    assert syn.scores(report) == syn.FULL


def test_a_fork_bomb_is_contained():
    attack = '''
import os, time
children = 0
try:
    for _ in range(5000):
        if os.fork() == 0:
            time.sleep(30)
            os._exit(0)
        children += 1
except OSError as exc:
    print("fork refused after", children, "children:", type(exc).__name__)
'''
    started = time.monotonic()
    report = grade(syn.student(None, None, extra=[attack]))
    assert "fork refused" in outputs(report)
    assert syn.scores(report) == syn.FULL
    assert time.monotonic() - started < 60


# -- 5 and 7. failures cost only what they break; a batch is the same whatever the order --------------
def test_a_hang_costs_its_checks_and_the_notebook_stays_within_budget():
    hang = "def add(a, b):\n    while True:\n        try:\n            pass\n        except BaseException:\n            pass\n"
    started = time.monotonic()
    report = grade(syn.student(hang, None), max_check_seconds=1.5)
    assert syn.scores(report) == {"test-add": 0.0, "test-tally": 2.0, "test-independent": 1.0}
    assert time.monotonic() - started < 20
    assert report.restarts >= 1
    # each check of add() ran out of time: make autograde grades such a notebook again, alone
    assert report.timeouts >= 2


def test_a_crash_costs_its_checks_only():
    crash = syn.REFERENCE_ADD.replace("return a + b", "import os; os._exit(3)")
    report = grade(syn.student(crash, None))
    assert syn.scores(report) == {"test-add": 0.0, "test-tally": 2.0, "test-independent": 1.0}
    assert "process running your code ended" in report.tests["test-add"].output


def test_input_does_not_hang():
    asks = syn.REFERENCE_ADD.replace("return a + b", "name = input('your name? ')\n    return a + b")
    started = time.monotonic()
    report = grade(syn.student(asks, None))
    assert time.monotonic() - started < 15
    assert report.tests["test-add"].score == 0.0 and "EOFError" in report.tests["test-add"].output


def test_stderr_and_logging_cost_nothing():
    noisy = '''import logging, sys, warnings
logging.basicConfig(level=logging.WARNING)

def add(a, b):
    print("debug", file=sys.stderr)
    logging.getLogger("student").warning("adding")
    warnings.warn("experimental")
    return a + b
'''
    assert syn.scores(grade(syn.student(noisy, None))) == syn.FULL


# -- 6. what people view is inert --------------------------------------------------------------------------
XSS = ["<script>alert('md')</script>", '<img src=x onerror="alert(1)">', "[link](javascript:alert(2))",
       '<iframe src="https://example.com"></iframe>', "<style>body{display:none}</style>"]


def test_feedback_and_formgrader_show_student_content_inert():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    printer = syn.REFERENCE_ADD.replace("return a + b", "print('<script>alert(3)</script>')\n    return a + b")
    nb = syn.student(printer, None, markdown=XSS)
    raw = nbformat.v4.new_raw_cell("<script>alert(4)</script>")
    raw.metadata["raw_mimetype"] = "text/html"
    raw.id = "student-raw"
    nb.cells.append(raw)
    report = grade(nb)
    nbgrader_plugins.apply_report(nb, report)
    for i, cell in enumerate(nb.cells):
        nbgrader_plugins.ShowAsText().preprocess_cell(cell, {}, i)
    config = Config()
    config.HTMLExporter.template_name = "classic"
    page, _ = HTMLExporter(config=config).from_notebook_node(nb)
    lowered = page.lower()
    for bad in ("<script>alert", "onerror=", "javascript:alert", "<iframe", "<style>body{display"):
        assert bad not in lowered, bad


# -- 7. a score that is not a number in [0, points] is 0 and flagged ------------------------------------------
@pytest.mark.parametrize("damage", ["checks.points = float('nan')", "checks.points = -1.0",
                                    "checks.points = 100.0", "checks = Checks(points=5)"])
def test_an_impossible_score_is_zero_and_flagged(damage):
    master = syn.master()
    for cell in master.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "test-add":
            cell.source = cell.source.replace("checks.score()", damage + "\nchecks.score()")
    report = engine.Engine("sandbox").grade(master, master)
    assert report.tests["test-add"].score == 0.0
    assert report.tests["test-add"].flag
    nbgrader_plugins.apply_report(master, report)
    cell = next(c for c in master.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test-add")
    from nbgrader import utils
    assert utils.determine_grade(cell) == (0.0, 2.0)


MIRROR_TEST = '''"""Tally on a mirrored clock."""
from course.runtime.checks import Checks, expect_equal
from course.runtime.clocks import FakeClock

checks = Checks(points=2)


@checks.check("a still clock is read from a copy: time moves between calls, reads are counted")
def _():
    clock = FakeClock(100.0)
    t = Tally(clock)
    t.hit(); t.hit()
    clock.advance(4)
    rate = t.rate()
    expect_equal((rate, clock.now, clock.reads), (0.5, 104.0, 2), "rate, the clock's time and its reads")


@checks.check("a ticking clock is asked at every read")
def _():
    clock = FakeClock(100.0, tick=1.0)
    t = Tally(clock)
    t.hit()
    expect_equal((t.rate(), clock.now, clock.reads), (1.0, 102.0, 2), "rate, the clock's time and its reads")

checks.score()
'''

TAMPER_MIRROR = syn.REFERENCE_TALLY.replace(
    "elapsed = self.clock() - self.start",
    "import gc\n"
    "        for o in gc.get_objects():\n"
    "            if type(o).__name__ == 'Agent':\n"
    "                o.mirror_values = {k: 1e9 for k in o.mirror_values}\n"
    "                o.mirror_reads = {k: -1000 for k in o.mirror_values}\n"
    "                o.mirror_reads['99999'] = 5\n"
    "        elapsed = self.clock() - self.start")


def test_a_mirrored_clock_is_only_a_copy():
    """A FakeClock that does not tick is read from a copy the grader sends with every message (no
    round trip per read): the copy follows the grader's clock, reads are counted, and a student who
    rewrites the copy or the read counts changes only what their own code sees."""
    master = syn.master()
    for cell in master.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "test-tally":
            cell.source = MIRROR_TEST
    report = engine.Engine("sandbox").grade(master, master)
    assert report.tests["test-tally"].score == 2.0, report.tests["test-tally"].output

    student = copy_with_tally(master, TAMPER_MIRROR)
    report = engine.Engine("sandbox").grade(student, master)
    out = report.tests["test-tally"].output
    assert report.tests["test-tally"].score == 1.0, out          # the ticking clock's check is unaffected
    # the grader's clock is unchanged (104.0); the read counted before the tampering stays counted,
    # the forged counts (negative, or for an object that is not mirrored) are ignored
    assert re.search(r"got \([^,]+, 104\.0, 1\)", out), out


def copy_with_tally(master, code):
    import copy

    nb = copy.deepcopy(master)
    for cell in nb.cells:
        if "class Tally" in cell.source and cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            cell.source = code
    return nb
