"""nbgrader plug-ins, and a runner that grades one notebook the way autograde does.

The plug-ins (wired in ``nbgrader_config.py``):

- :class:`RobustExecute` replaces nbgrader's ``Execute``. When a cell kills the
  kernel (``os._exit``, a crash) or times out, that cell gets an error output,
  the kernel is restarted, the cells before it are replayed, and grading goes
  on. nbgrader's own ``Execute`` abandons the whole submission instead.
- :class:`StderrAsStdout` runs right after execution: in autograded test
  cells, stderr streams become stdout. nbgrader scores any test cell with
  stderr output 0, so a correct solution that logs a warning would lose its
  points; ``course.runtime.checks`` captures stderr inside checks, and this catches
  whatever gets past it (a logging handler bound to the real stderr, a C
  extension writing to file descriptor 2).
- :class:`HideHiddenTests` runs in ``generate_feedback``: it removes the
  ``### BEGIN/END HIDDEN TESTS`` regions from the source shown to students
  and strips tracebacks from the outputs of those cells (a traceback quotes
  the lines it passes through). The check messages printed on stdout stay,
  so students still see which check failed and why.

The runner, :func:`grade_notebook`, executes a notebook with the same
plug-ins and scores every graded cell with nbgrader's own ``determine_grade``.
``course.grader.check`` (an honest validate) and the test suite's grader harness use it.
"""
from __future__ import annotations

import copy
import os
import atexit
import shutil
import tempfile
import uuid
from functools import lru_cache
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, Execute, NbGraderPreprocessor
from traitlets import default

TIMEOUT_ENAME = "CellTimeoutError"
DEAD_KERNEL_ENAME = "DeadKernelError"
HIDDEN_NOTE = "(details hidden: this cell contains hidden tests; the messages above say which check failed)"


@lru_cache(maxsize=None)
def _socket_dir() -> str:
    """One private folder per process for kernel sockets, removed at exit."""
    path = tempfile.mkdtemp(prefix="course-kernels-")
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def _run_sync(coro_fn):
    from jupyter_core.utils import run_sync

    return run_sync(coro_fn)


class RobustExecute(Execute):
    """nbgrader's Execute, plus: survive a dead or stuck kernel, cell by cell."""

    @default("extra_arguments")
    def _extra_arguments_default(self):
        # no history file to lock; no start-up warning about TCP on the grader's log
        return ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]

    def create_kernel_manager(self):
        """Kernels talk over unix sockets in a private folder, not TCP ports.

        With TCP, jupyter_client picks free ports and the kernel binds them
        later; when many kernels start at once (a class batch, a parallel
        test run) two can pick the same port and one dies with "Address
        already in use". Socket files cannot collide.
        """
        km = super().create_kernel_manager()
        km.transport = "ipc"
        km.ip = os.path.join(_socket_dir(), f"kernel-{uuid.uuid4().hex[:12]}")
        return km

    def preprocess(self, nb, resources=None, km=None):
        self._poisoned: set[int] = set()
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell, resources, index):
        try:
            result = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._fail(cell, DEAD_KERNEL_ENAME,
                       "the kernel died while running this cell (os._exit, a crash, or out of memory)")
            self._recover(index)
            return cell, self.resources
        except CellTimeoutError:
            self._fail(cell, TIMEOUT_ENAME, f"no reply from the kernel within {self.timeout} s")
            self._recover(index)
            return cell, self.resources
        if cell.cell_type == "code" and any(
            o.output_type == "error" and o.get("ename") == TIMEOUT_ENAME for o in cell.outputs
        ):
            # The interrupt may not have stopped it (a loop that swallows
            # KeyboardInterrupt): start afresh rather than time out every cell after.
            self._recover(index)
        return result

    @staticmethod
    def _fail(cell, ename: str, evalue: str) -> None:
        cell.outputs.append(nbformat.v4.new_output(
            "error", ename=ename, evalue=evalue,
            traceback=[f"{ename}: {evalue}; the kernel was restarted and the cells after this one were still graded"]))

    def _recover(self, index: int) -> None:
        """Restart the kernel and replay the code cells before ``index``."""
        self._poisoned.add(index)
        self.log.warning("Cell %d killed or hung the kernel: restarting it and replaying earlier cells", index)
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            _run_sync(self.km.restart_kernel)(now=True)
            self.kc = self.km.client()
            self.kc.start_channels()
            _run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)
            for j, earlier in enumerate(self.nb.cells[:index]):
                if earlier.cell_type == "code" and j not in self._poisoned:
                    self.execute_cell(copy.deepcopy(earlier), j, store_history=False)
        except Exception:  # noqa: BLE001 - grading goes on; later cells will say what is missing
            self.log.exception("Could not restore the kernel state after cell %d", index)


def _is_test_cell(cell) -> bool:
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


class StderrAsStdout(NbGraderPreprocessor):
    """In autograded test cells, turn stderr streams into stdout ones."""

    def preprocess_cell(self, cell, resources, index):
        if _is_test_cell(cell):
            for output in cell.get("outputs", []):
                if output.output_type == "stream" and output.name == "stderr":
                    output.name = "stdout"
        return cell, resources


def has_hidden_tests(source: str) -> bool:
    return ClearHiddenTests.begin_test_delimeter.default_value in source


class HideHiddenTests(NbGraderPreprocessor):
    """For feedback pages: no hidden-test source, no traceback through it."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not has_hidden_tests(cell.source):
            return cell, resources
        clearer = ClearHiddenTests()
        clearer._remove_hidden_test_region(cell)
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}", HIDDEN_NOTE]
        return cell, resources


# -- grading one notebook ------------------------------------------------------------
@dataclass
class CellGrade:
    grade_id: str
    score: float | None  # None: waits for a human (manually graded answer)
    max_score: float
    output: str = ""

    @property
    def full(self) -> bool:
        return self.score is not None and self.score >= self.max_score - 1e-9


@dataclass
class NotebookGrades:
    path: str
    cells: list[CellGrade] = field(default_factory=list)
    notebook: NotebookNode | None = None

    @property
    def auto(self) -> list[CellGrade]:
        return [c for c in self.cells if c.score is not None]

    @property
    def score(self) -> float:
        return sum(c.score for c in self.auto)

    @property
    def max_score(self) -> float:
        return sum(c.max_score for c in self.auto)

    def by_id(self) -> dict[str, CellGrade]:
        return {c.grade_id: c for c in self.cells}


@contextmanager
def _env(**values):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def cell_text(cell) -> str:
    parts = []
    for o in cell.get("outputs", []):
        if o.output_type == "stream":
            parts.append(o.text)
        elif o.output_type in ("execute_result", "display_data"):
            parts.append(str(o.get("data", {}).get("text/plain", "")))
        elif o.output_type == "error":
            parts.append(f"{o.ename}: {o.evalue}")
    return "".join(p if p.endswith("\n") else p + "\n" for p in parts)


def execute_for_grading(nb: NotebookNode, cwd: str | os.PathLike, timeout: int = 30,
                        mode: str = "autograde") -> NotebookNode:
    """Execute ``nb`` in place as autograde does (fresh kernel, NBGRADER_EXECUTION set)."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    with _env(NBGRADER_EXECUTION=mode):
        RobustExecute(timeout=timeout).preprocess(nb, {"metadata": {"path": str(cwd)}})
    StderrAsStdout().preprocess(nb, {})
    return nb


def score_cells(nb: NotebookNode) -> list[CellGrade]:
    """nbgrader's own scoring of every graded cell."""
    grades = []
    for cell in nb.cells:
        if utils.is_grade(cell):
            score, max_score = utils.determine_grade(cell)
            if utils.is_solution(cell) and cell.cell_type == "markdown":
                score = None
            grades.append(CellGrade(cell.metadata.nbgrader["grade_id"], score, max_score, cell_text(cell)))
    return grades


def grade_notebook(path: str | os.PathLike, nb: NotebookNode | None = None, timeout: int = 30,
                   mode: str = "autograde") -> NotebookGrades:
    """Execute and score a notebook (``nb`` overrides the file's content; ``path`` sets the folder)."""
    path = Path(path)
    if nb is None:
        nb = nbformat.read(path, as_version=4)
    execute_for_grading(nb, path.parent, timeout=timeout, mode=mode)
    return NotebookGrades(str(path), score_cells(nb), nb)
