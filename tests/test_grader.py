"""The grader's own properties, proven once on a small synthetic notebook (and cheaply per chapter).

- the sandboxed grader and the fast forked engine give every cell the same score;
- grading is deterministic: a batch graded twice, in another order, in parallel
  or serially, gives every student the same scores;
- a restart after a hang or a crash replays the student's cells, never a test cell;
- ``make check`` (course.grader.check) exits non-zero unless every visible check passes;
- per chapter: a crash in the first solution cell costs only the cells that use its names.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

import synthetic as syn
from course.grader import batch, engine, nbgrader_plugins, sandbox
from harness import assignments, grade_nb, load

ROOT = Path(__file__).resolve().parents[1]
HAS_SANDBOX = sandbox.sandbox_problem() is None
needs_sandbox = pytest.mark.skipif(not HAS_SANDBOX, reason=f"no sandbox here: {sandbox.sandbox_problem()}")

CRASH_ADD = syn.REFERENCE_ADD.replace("return a + b", "import os; os._exit(1)")
WRONG_TALLY = syn.REFERENCE_TALLY.replace("self.n += 1", "self.n += 2")
CLASS = {"reference": syn.master(), "stub": syn.stub(), "crash": syn.student(CRASH_ADD, None),
         "wrong": syn.student(None, WRONG_TALLY), "both": syn.student(CRASH_ADD, WRONG_TALLY)}


@needs_sandbox
def test_the_sandbox_and_the_forked_engine_agree():
    for name, nb in CLASS.items():
        forked = syn.scores(engine.Engine("forked").grade(nb, syn.master()))
        sandboxed = syn.scores(engine.Engine("sandbox").grade(nb, syn.master()))
        assert forked == sandboxed, name


def _settled_descriptors(at_most: int | None = None, seconds: float = 5.0) -> int:
    """This process's open descriptors once the ones closing on their own have closed (a killed
    session's stderr pipe closes when its drain thread reads the end of it): the fewest seen over
    half a second, or, given ``at_most``, as soon as there are no more than that (else after
    ``seconds``)."""
    end = time.monotonic() + (seconds if at_most is not None else 0.5)
    fewest = len(os.listdir("/proc/self/fd"))
    while time.monotonic() < end and (at_most is None or fewest > at_most):
        time.sleep(0.01)
        fewest = min(fewest, len(os.listdir("/proc/self/fd")))
    return fewest


@needs_sandbox
def test_a_warm_engine_grades_each_notebook_in_a_fresh_process_started_ahead():
    """make autograde's workers start the next notebook's sandbox while grading the current one:
    same scores as a cold engine, the teaching cells' modules already imported, and nothing of a
    previous student (a module attribute set by one notebook is not there for the next)."""
    leak = syn.student(None, None, extra=["import math\nseen = getattr(math, 'LEAKED', 0)\nmath.LEAKED = 1"])
    warm = engine.Engine("sandbox", warm=True)
    try:
        assert engine.preloaded_modules(syn.master()) == ("math", "course.runtime.clocks")
        # a spare is alive when grading ends (gc.freeze): once used and killed it must still be freed
        for _ in range(2):
            warm.grade(CLASS["reference"], syn.master())
        descriptors = _settled_descriptors()
        for _ in range(6):
            warm.grade(CLASS["reference"], syn.master())
        assert _settled_descriptors(at_most=descriptors) <= descriptors
        for name, nb in list(CLASS.items()) + [("leak-1", leak), ("leak-2", leak)]:
            report = warm.grade(nb, syn.master())
            assert syn.scores(report) == syn.scores(engine.Engine("sandbox").grade(nb, syn.master())), name
            assert warm._spare is not None
        for _ in range(2):
            spare = warm._take_spare()
            assert spare is not None
            front, session = spare
            warm._spare = None
            assert session.request({"op": "exec", "source": "import sys\n"
                                    "assert 'course.runtime.clocks' in sys.modules\n"
                                    "import math\nassert not hasattr(math, 'LEAKED')"}) is None
            session.kill()
            front.close()
            warm._start_spare(engine.preloaded_modules(syn.master()))
    finally:
        warm.close()
    assert warm._spare is None


def test_the_grader_writes_the_runtime_s_bytecode_before_a_student_process_starts():
    """Student processes import the runtime from bytecode (here PYTHONDONTWRITEBYTECODE is set:
    importing never writes it, and each process compiled the runtime from source)."""
    import importlib.util
    from course.runtime import wire

    sandbox.precompile.cache_clear()
    sandbox.precompile()
    cached = Path(importlib.util.cache_from_source(wire.__file__))
    assert cached.exists()
    assert cached.stat().st_mtime >= Path(wire.__file__).stat().st_mtime


def write_class(root: Path, order: list[str]) -> None:
    (root / "source" / "synthetic").mkdir(parents=True)
    nbformat.write(syn.master(), root / "source" / "synthetic" / "synthetic.ipynb")
    for student in order:
        folder = root / "submitted" / student / "synthetic"
        folder.mkdir(parents=True)
        nbformat.write(CLASS[student], folder / "synthetic.ipynb")


@needs_sandbox
def test_a_batch_graded_twice_in_any_order_gives_the_same_scores(tmp_path):
    results = []
    for run, (order, jobs) in enumerate(((list(CLASS), 2), (list(reversed(CLASS)), 1))):
        root = tmp_path / f"run{run}"
        write_class(root, order)
        got = batch.grade_all(root, "synthetic", jobs, "sandbox", root, engine.NOTEBOOK_BUDGET)
        results.append({student: score for student, score, _, _, _, _ in got})
    assert results[0] == results[1]
    assert results[0]["reference"] == 5 and results[0]["stub"] == 1
    assert results[0]["crash"] == 3 and results[0]["wrong"] == 3 and results[0]["both"] == 1


def test_a_restart_replays_student_cells_never_test_cells():
    """The crash kills the process during test-add; test-tally (after it) must still see Tally,
    and each test cell runs exactly once (its output appears once)."""
    report = engine.Engine("forked").grade(syn.student(CRASH_ADD, None), syn.master())
    assert syn.scores(report) == {"test-add": 0.0, "test-tally": 2.0, "test-independent": 1.0}
    assert report.restarts == 3             # one per check that called add()
    for test in report.tests.values():
        assert test.output.count("checks passed") + test.output.count("check passed") == 1


def test_a_test_cell_is_taken_from_the_master_not_the_student():
    cheat = syn.student()
    for cell in cheat.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "test-tally":
            cell.source = "checks = None\n"
    report = engine.Engine("forked").grade(syn.student(syn.STUB_ADD, syn.STUB_TALLY), syn.master())
    assert syn.scores(report)["test-tally"] == 0.0
    report = engine.Engine("forked").grade(cheat, syn.master())
    assert syn.scores(report) == syn.FULL


def test_a_student_helper_anywhere_is_kept_and_teaching_cells_only_define():
    helper = "def my_helper(a, b):\n    return a + b\n"
    uses = "def add(a, b):\n    return my_helper(a, b) + helper_from_teaching(0)\n"
    plot = "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nraise RuntimeError('a teaching cell ran whole')\n"
    nb = syn.student(uses, None, extra=[helper])
    master = syn.master()
    for doc in (nb, master):                         # an unchanged teaching cell with a plot
        cell = nbformat.v4.new_code_cell(plot)
        cell.id = "teaching-plot"
        doc.cells.insert(2, cell)
    report = engine.Engine("forked").grade(nb, master)
    assert syn.scores(report) == syn.FULL
    assert not any("a teaching cell ran whole" in str(c.error) for c in report.student_cells.values())


def test_check_command_reports_honestly(tmp_path):
    path = tmp_path / "mine.ipynb"
    nbformat.write(syn.stub(), path)
    failing = subprocess.run([sys.executable, "-m", "course.grader.check", str(path)], capture_output=True, text=True)
    assert failing.returncode == 1 and "FAIL" in failing.stdout and "\u2718" in failing.stdout
    nbformat.write(syn.master(), path)
    passing = subprocess.run([sys.executable, "-m", "course.grader.check", str(path)], capture_output=True, text=True)
    assert passing.returncode == 0, passing.stdout
    assert "hidden checks run when the notebook is graded" in passing.stdout


def test_stock_execution_refuses_to_score():
    """If nbgrader_config.py did not load the course's grader, a test cell run by nbgrader's own
    Execute (in the student's kernel) scores nothing rather than trusting that kernel."""
    code = ("import os\nos.environ['NBGRADER_EXECUTION'] = 'autograde'\n"
            "from course.runtime.checks import Checks\nChecks(points=1)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode != 0 and "not scored" in proc.stderr


def test_feedback_template_is_nbgrader_s_with_one_change():
    """The course's feedback template is a copy of nbgrader's: warn when nbgrader's changes."""
    import nbgrader

    ours = (nbgrader_plugins.TEMPLATES / "course_feedback" / "index.html.j2").read_text()
    theirs = (Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates" / "feedback"
              / "index.html.j2").read_bytes()
    assert hashlib.sha256(theirs).hexdigest() in ours, "nbgrader's feedback template changed: copy it again"


# -- per chapter, cheaply ------------------------------------------------------------------------------
def first_solution(nb):
    return next(c for c in nb.cells if engine.is_solution_cell(c) and engine.defined_names(c.source))


@pytest.mark.parametrize("assignment", assignments())
def test_a_crash_costs_only_the_cells_that_use_it(assignment):
    nb = load(assignment)
    cell = first_solution(nb)
    broken = set(engine.defined_names(cell.source))
    cell.source += "\nimport os\nos._exit(1)\n"
    report = grade_nb(assignment, nb)
    reference = load(assignment)
    # names built on the broken ones are broken too
    grew = True
    while grew:
        grew = False
        for c in reference.cells:
            if engine.is_solution_cell(c) and not engine.defined_names(c.source) <= broken \
                    and engine.loaded_names(c.source) & broken:
                broken |= engine.defined_names(c.source)
                grew = True
    for c in reference.cells:
        if engine.is_test_cell(c):
            gid = engine.nbgrader_meta(c)["grade_id"]
            if not engine.loaded_names(c.source) & broken:
                test = report.tests[gid]
                assert test.score == test.points, f"{gid} lost points to a crash elsewhere:\n{test.output}"
    assert report.score < report.max_score


def test_the_real_redis_lane_keeps_what_can_differ_on_a_real_server():
    """Correct variants and wrong files always run on real Redis; a mutant only when its edit
    touches Redis (a command, a script, a reply's type): plain-Python mutants fail alike on both."""
    from harness import Variant, on_real_redis

    def mutant(edit):
        return Variant("x", "X", "X/mutant:m", "wrong", "", edit=edit)

    assert on_real_redis(Variant("x", "X", "X/correct_a", "correct", ""))
    assert on_real_redis(Variant("x", "X", "X/wrong_file", "wrong", ""))
    for edit in ("self.redis.ltrim(inbox, n, -1)\nself.redis.delete(inbox)", "if name ~= me and now > lease then",
                 "return self._ack(keys=self.keys, args=[i]) == 1", 'if "BUSYGROUP" not in str(exc):'):
        assert on_real_redis(mutant(edit)), edit
    for edit in ("if not 1 <= seq <= last:\nif seq < 1:", 'return [json.loads(m) for m in reversed(newest)]'):
        assert not on_real_redis(mutant(edit)), edit


class _FakePopen:
    started: list = []

    def __init__(self, cmd, **kw):
        self.args, self.returncode = cmd, 0
        self.pid = 2 ** 22 + 1          # above Linux's largest pid: no process has it
        _FakePopen.started.append(cmd)

    def communicate(self):
        return "", ""


def test_each_grading_worker_keeps_to_a_core_of_its_own():
    """make autograde's workers take one core each (the student processes they start inherit it): a
    grader and its student take turns, and on one core each hand-over stays in that core's caches."""
    code = ("import multiprocessing as mp, os, subprocess, sys; from course.grader import batch; "
            "slots = mp.Value('i', 1); batch._pin(slots); "
            "child = subprocess.run([sys.executable, '-c', 'import os; print(sorted(os.sched_getaffinity(0)))'], "
            "capture_output=True, text=True).stdout.strip(); "
            "print(sorted(os.sched_getaffinity(0)), child, slots.value)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout.split()
    cpus = sorted(os.sched_getaffinity(0))
    mine = [cpus[1]] if len(cpus) > 1 else cpus            # the second slot; one core: not pinned
    assert out == [str(mine), str(mine), "2"]


def test_make_autograde_records_once_the_grading_is_over(monkeypatch, tmp_path):
    """nbgrader starts with the grading (its start-up overlaps it) but records nothing while the
    cache's mark names the live grading process; its progress bar counts what its log says it recorded."""
    events = []
    (tmp_path / "submitted" / "ann" / "a1").mkdir(parents=True)

    def grade_all(root, assignment, jobs, kind, cache, *rest):
        mark = cache / nbgrader_plugins.GRADING_MARK
        events.append(("graded", mark.read_text() == str(os.getpid())))
        return [("ann", 1.0, 1.0, 0.5, {}, 0)]

    class Recorder(_FakePopen):
        def __init__(self, cmd, **kw):
            super().__init__(cmd, **kw)
            events.append("recorder started")
            kw["stdout"].write("[AutogradeApp | INFO] Autograding /x/autograded/ann/a1/a.ipynb\n")

        def poll(self):
            return 0

    monkeypatch.setattr(batch, "grade_all", grade_all)
    monkeypatch.setattr(batch.subprocess, "Popen", Recorder)
    _FakePopen.started = []
    assert batch.main(["a1", "--jobs", "2", "--root", str(tmp_path)]) == 0
    assert events == ["recorder started", ("graded", True)]


@pytest.mark.parametrize("db, jobs, chosen, want", [
    # SQLite locks the whole file: one nbgrader process, the unchosen students excluded
    ("sqlite:///gradebook.db", 2, ["ann", "cid"], [{"ann", "cid"}]),
    ("sqlite:///gradebook.db", 2, None, [{"ann", "bob", "cid", "dee"}]),
    # a gradebook on a server (PostgreSQL, the class hub): one process per worker, disjoint shares
    ("postgresql+psycopg2://u:p@127.0.0.1:5433/gradebook", 2, None, [{"ann", "cid"}, {"bob", "dee"}]),
    ("postgresql+psycopg2://u:p@127.0.0.1:5433/gradebook", 3, ["bob"], [{"bob"}]),
])
def test_make_autograde_records_exactly_the_chosen_students(monkeypatch, tmp_path, db, jobs, chosen, want):
    from course.grader import insights
    monkeypatch.setattr(insights, "default_db", lambda root: db)
    monkeypatch.setattr(batch.subprocess, "Popen", _FakePopen)
    _FakePopen.started = []
    everyone = ["ann", "bob", "cid", "dee"]
    _, writers = batch.record(tmp_path, "a1", tmp_path, everyone, chosen, False, jobs)
    recorded = []
    for cmd in _FakePopen.started:
        excluded = next((c.split("=", 1)[1].split(",") for c in cmd if c.startswith("--CourseDirectory.student_id_exclude=")), [])
        recorded.append(set(everyone) - set(excluded))
    assert recorded == want and writers == len(want)


def test_the_recording_waits_for_the_grading_then_grades_what_it_lacks(tmp_path):
    """nbgrader's grading step waits while the batch's mark names a live process, even for a result
    already there; then it finds each result in the cache, and a notebook the batch did not grade
    (submitted since, say) is not found (nbgrader's step grades it). A batch that died: no wait."""
    import threading

    report = engine.Engine("forked").grade(syn.student(), syn.master())
    assert nbgrader_plugins.cached_report(tmp_path, "k") is None            # no batch: at once
    nbgrader_plugins.write_cached_report(tmp_path, "k", report)
    assert not list(tmp_path.glob("*.part"))                                # written whole, then renamed
    mark = tmp_path / nbgrader_plugins.GRADING_MARK
    mark.write_text(str(os.getpid()))
    threading.Timer(0.3, mark.unlink).start()
    started = time.monotonic()
    got = nbgrader_plugins.cached_report(tmp_path, "k")
    assert time.monotonic() - started >= 0.25 and got.score == report.score and got.tests.keys() == report.tests.keys()
    assert nbgrader_plugins.cached_report(tmp_path, "other") is None
    dead = subprocess.Popen(["true"])
    dead.wait()
    mark.write_text(str(dead.pid))
    started = time.monotonic()
    assert nbgrader_plugins.cached_report(tmp_path, "k") is not None and time.monotonic() - started < 0.2


def test_two_workers_writing_the_same_report_at_once_both_succeed(monkeypatch, tmp_path):
    """Two students who submitted the same bytes share a cache key; their workers may finish at once.
    Forced: the second worker writes and renames its report between the first one's write and rename
    (the class-hub lane's thirty identical submissions once failed here with FileNotFoundError)."""
    report = engine.Engine("forked").grade(syn.student(), syn.master())
    real_replace, calls = os.replace, []

    def replace(src, dst):
        calls.append(src)
        if len(calls) == 1:                         # the first writer, its part written, not yet renamed
            nbgrader_plugins.write_cached_report(tmp_path, "k", report)
        real_replace(src, dst)

    monkeypatch.setattr(nbgrader_plugins.os, "replace", replace)
    nbgrader_plugins.write_cached_report(tmp_path, "k", report)
    assert len(calls) == 2 and calls[0] != calls[1]
    assert [p.name for p in tmp_path.iterdir()] == ["k.json"]
    assert nbgrader_plugins.cached_report(tmp_path, "k").score == report.score


def test_nbgrader_validates_each_pass_once_and_still_refuses_a_broken_notebook(monkeypatch):
    """The course config has nbconvert validate a pass once, after its last step, instead of after
    each step; a step that breaks the notebook still stops the pass before anything is written."""
    import nbformat
    from nbconvert.exporters import NotebookExporter
    from nbconvert.preprocessors import Preprocessor
    from traitlets.config.loader import PyFileConfigLoader

    class Touch(Preprocessor):
        def preprocess(self, nb, resources):
            nb.metadata["touched"] = nb.metadata.get("touched", 0) + 1
            return nb, resources

    class Break(Preprocessor):
        def preprocess(self, nb, resources):
            nb.cells[0]["source"] = 42
            return nb, resources

    from traitlets.config import Config

    course = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    calls = []
    real = nbformat.validate
    monkeypatch.setattr(nbformat, "validate", lambda *a, **k: calls.append(1) or real(*a, **k))

    def validations(config, steps):
        exporter = NotebookExporter(config=config)
        for _ in range(steps):
            exporter.register_preprocessor(Touch, enabled=True)
        calls.clear()
        out, _ = exporter.from_notebook_node(syn.master())
        assert f'"touched": {steps}' in out
        return len(calls)

    assert validations(Config(), 6) - validations(Config(), 3) == 3         # nbconvert's default: each step
    assert validations(course, 6) == validations(course, 3)                 # the course's: once a pass
    exporter = NotebookExporter(config=course)
    exporter.register_preprocessor(Touch, enabled=True)
    exporter.register_preprocessor(Break, enabled=True)
    exporter.register_preprocessor(Touch, enabled=True)
    with pytest.raises(nbformat.ValidationError):
        exporter.from_notebook_node(syn.master())


def test_the_recording_builds_the_outputs_nbformat_would():
    """Outputs are built without validating each one (nbconvert validates the notebook after every
    step): the same keys and defaults as nbformat's own ``new_output``."""
    cases = [("stream", {"name": "stdout", "text": "✔ a check\n"}), ("stream", {}),
             ("error", {"ename": "E", "evalue": "v", "traceback": ["E: v"]}), ("error", {}),
             ("execute_result", {"data": {"text/plain": "1.0"}, "execution_count": None}),
             ("execute_result", {"data": {"text/plain": "2"}, "execution_count": 3}),
             ("display_data", {"data": {"text/plain": "x"}})]
    for kind, fields in cases:
        ours = nbgrader_plugins.new_output(kind, **fields)
        assert ours == nbformat.v4.new_output(kind, **fields), (kind, fields)
        assert isinstance(ours, nbformat.NotebookNode)
    nb = syn.master()
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbgrader_plugins.new_output(k, **f) for k, f in cases]
    nbformat.validate(nb)


def test_the_metadata_check_validates_each_cell_once_and_refuses_what_nbgrader_refuses(monkeypatch):
    """Recording checks each distinct graded cell's metadata once per process, not once per student;
    whatever nbgrader's own check refuses (a duplicate grade id, points missing, a bad schema) is still
    refused, each time; the course's configuration uses it in both of nbgrader's autograde passes."""
    import copy

    from nbgrader.converters import Autograde
    from nbgrader.nbgraderformat import MetadataValidator, ValidationError
    from nbgrader.preprocessors import CheckCellMetadata
    from traitlets.config.loader import PyFileConfigLoader

    calls = []
    stock = MetadataValidator.validate_cell
    monkeypatch.setattr(MetadataValidator, "validate_cell",
                        lambda self, cell: (calls.append("nbgrader" in cell.metadata), stock(self, cell))[1])
    monkeypatch.setattr(nbgrader_plugins._ValidatorOnce, "passed", set())
    check = nbgrader_plugins.CheckCellMetadataOnce()
    graded = sum("nbgrader" in c.metadata for c in syn.master().cells)
    for _ in range(5):
        check.preprocess(syn.master(), {})
    assert sum(calls) == graded, (sum(calls), graded)     # (a cell without metadata: nothing to check)

    def broken(damage):
        nb = syn.master()
        cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        damage(nb, cells)
        return nb

    def duplicate(nb, cells):
        nb.cells.append(copy.deepcopy(cells[0]))

    def no_points(nb, cells):
        del cells[0].metadata["nbgrader"]["points"]

    def bad_schema(nb, cells):
        cells[0].metadata["nbgrader"]["points"] = "many"

    for damage in (duplicate, no_points, bad_schema):
        for validator in (CheckCellMetadata(), check, check):
            with pytest.raises(ValidationError):
                validator.preprocess(broken(damage), {})

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    for steps in (config.Autograde.sanitize_preprocessors, config.Autograde.autograde_preprocessors):
        assert nbgrader_plugins.CheckCellMetadataOnce in steps and CheckCellMetadata not in steps
    stock_steps = Autograde.class_traits()["sanitize_preprocessors"].default()
    assert [s.__name__ for s in config.Autograde.sanitize_preprocessors] == \
        [("CheckCellMetadataOnce" if s is CheckCellMetadata else s.__name__) for s in stock_steps]
