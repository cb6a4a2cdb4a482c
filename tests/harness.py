"""Run an assignment's real test cells against other implementations.

A catalog variant is the code a student could type into one solution cell:
a file ``tests/catalogs/<assignment>/<Name>/<correct|wrong>_<what>.py``.
``grade_variant`` puts that code in place of the solution cell that defines
``Name`` in the source notebook (so the variant stands alone, as a student's
cell would; a cell that defines several names needs them all), executes the
notebook the way ``nbgrader autograde`` does, and returns nbgrader's scores.

Correct variants must score full marks on every autograded cell; wrong ones
must lose points in the cells that grade ``Name``.
"""
from __future__ import annotations

import copy
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import nbformat
from nbgrader import utils

from course.autograde import NotebookGrades, grade_notebook

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source"
RELEASE = ROOT / "release"
CATALOGS = Path(__file__).resolve().parent / "catalogs"


def assignments() -> list[str]:
    return sorted(p.name for p in SOURCE.iterdir() if p.is_dir() and not p.name.startswith("."))


def notebook_path(assignment: str, root: Path = SOURCE) -> Path:
    notebooks = sorted((root / assignment).glob("*.ipynb"))
    assert len(notebooks) == 1, f"expected one notebook in {root / assignment}, found {notebooks}"
    return notebooks[0]


@lru_cache(maxsize=None)
def _load(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def load(assignment: str, root: Path = SOURCE) -> nbformat.NotebookNode:
    return copy.deepcopy(_load(notebook_path(assignment, root)))


def defines(source: str, name: str) -> bool:
    return re.search(rf"^(class|def)\s+{re.escape(name)}\b|^{re.escape(name)}\s*[:=]", source, re.M) is not None


def solution_cell(nb, name: str):
    cells = [c for c in nb.cells if c.cell_type == "code" and utils.is_solution(c) and defines(c.source, name)]
    assert len(cells) == 1, f"expected one solution cell defining {name}, found {len(cells)}"
    return cells[0]


def test_cell_ids(nb, prefix: str) -> list[str]:
    """grade_ids of the autograded test cells whose id starts with ``prefix``."""
    return [c.metadata.nbgrader["grade_id"] for c in nb.cells
            if c.cell_type == "code" and utils.is_grade(c) and not utils.is_solution(c)
            and c.metadata.nbgrader["grade_id"].startswith(prefix)]


def with_solutions(nb, replacements: Mapping[str, str]):
    nb = copy.deepcopy(nb)
    for name, code in replacements.items():
        solution_cell(nb, name).source = code
    return nb


ENGINE = os.environ.get("CATALOG_ENGINE", "inprocess")  # or "kernel"


def grade_variant(assignment: str, replacements: Mapping[str, str] | None = None,
                  timeout: int = 30, engine: str | None = None) -> NotebookGrades:
    """Execute the notebook with ``replacements`` and score it with nbgrader's rules.

    ``engine="kernel"`` runs it exactly as autograde does (a fresh kernel, our
    nbgrader plug-ins). ``engine="inprocess"`` (the default for catalogs) runs
    the same cells in an IPython shell inside this process, with a fresh
    namespace per variant: imports are paid once, so a catalog of hundreds of
    variants takes minutes, not tens of minutes. test_harness.py proves that
    both engines give the same score to every cell.
    """
    return grade_nb(assignment, with_solutions(load(assignment), replacements or {}), timeout, engine)


def grade_nb(assignment: str, nb, timeout: int = 30, engine: str | None = None) -> NotebookGrades:
    if (engine or ENGINE) == "kernel":
        return grade_notebook(notebook_path(assignment), nb=nb, timeout=timeout)
    return grade_inprocess(notebook_path(assignment), nb)


_SHELL = None


def _shell():
    global _SHELL
    if _SHELL is None:
        import matplotlib

        matplotlib.use("agg")  # figures are drawn but never rendered to PNG
        from IPython.core.interactiveshell import InteractiveShell

        _SHELL = InteractiveShell.instance()
    return _SHELL


def grade_inprocess(path: Path, nb) -> NotebookGrades:
    """Run ``nb``'s code cells in an in-process IPython shell; score like autograde."""
    import contextlib

    import matplotlib.pyplot as plt
    from IPython.utils.capture import capture_output
    from nbformat.v4 import new_output

    from course.autograde import StderrAsStdout, _env, score_cells

    shell = _shell()
    shell.reset(new_session=False)
    with _env(NBGRADER_EXECUTION="autograde"), contextlib.chdir(path.parent):
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            with capture_output(display=True) as cap:
                result = shell.run_cell(cell.source, store_history=False)
            outputs = []
            if cap.stdout:
                outputs.append(new_output("stream", name="stdout", text=cap.stdout))
            if cap.stderr:
                outputs.append(new_output("stream", name="stderr", text=cap.stderr))
            error = result.error_before_exec or result.error_in_exec
            if error is not None:
                outputs.append(new_output("error", ename=type(error).__name__, evalue=str(error), traceback=[]))
            elif result.result is not None:
                text = shell.display_formatter.format(result.result)[0].get("text/plain", repr(result.result))
                outputs.append(new_output("execute_result", data={"text/plain": text}, execution_count=1))
            cell.outputs = outputs
            plt.close("all")
    shell.reset(new_session=False)
    StderrAsStdout().preprocess(nb, {})
    return NotebookGrades(str(path), score_cells(nb), nb)


# -- catalogs -----------------------------------------------------------------------
def variants(assignment: str, name: str, kind: str) -> list[Path]:
    """Catalog files for ``name``; ``kind`` is "correct" or "wrong"."""
    return sorted((CATALOGS / assignment / name).glob(f"{kind}_*.py"))


def variant_params(assignment: str, names: Iterable[str], kind: str):
    """pytest parameters ``(name, path)`` with readable ids."""
    import pytest

    return [pytest.param(name, path, id=f"{name}/{path.stem}")
            for name in names for path in variants(assignment, name, kind)]


def describe(grades: NotebookGrades, ids: Iterable[str] | None = None) -> str:
    wanted = set(ids) if ids is not None else None
    lines = []
    for c in grades.auto:
        if wanted is None or c.grade_id in wanted:
            lines.append(f"--- {c.grade_id}: {c.score:g}/{c.max_score:g}\n{c.output.strip()}")
    return "\n".join(lines)


def assert_full_marks(grades: NotebookGrades) -> None:
    short = [c for c in grades.auto if not c.full]
    assert not short, "expected full marks, lost points in:\n" + describe(grades, [c.grade_id for c in short])


def assert_loses_points(grades: NotebookGrades, ids: Iterable[str]) -> None:
    ids = list(ids)
    assert ids, "no test cells to grade this name"
    cells = [c for c in grades.auto if c.grade_id in ids]
    assert len(cells) == len(ids), f"missing test cells: {set(ids) - {c.grade_id for c in cells}}"
    earned, possible = sum(c.score for c in cells), sum(c.max_score for c in cells)
    assert earned < possible, f"a wrong implementation scored full marks ({earned:g}/{possible:g}):\n" + describe(grades, ids)


def catalog_tests(assignment: str, graded_by: Mapping[str, str]):
    """The two catalog tests of a notebook's test module::

        test_correct_alternative, test_wrong_implementation = catalog_tests(
            "02_caching", {"LRUCache": "test-lru-"})

    ``graded_by`` maps each contract name to the grade_id prefix of the test
    cells that grade it.
    """
    import pytest

    @pytest.mark.parametrize("name,path", variant_params(assignment, graded_by, "correct"))
    def test_correct_alternative(name, path):
        """A correct implementation built another way gets full marks."""
        assert_full_marks(grade_variant(assignment, {name: path.read_text()}))

    @pytest.mark.parametrize("name,path", variant_params(assignment, graded_by, "wrong"))
    def test_wrong_implementation(name, path):
        """A plausible wrong implementation loses points in the cells grading it."""
        grades = grade_variant(assignment, {name: path.read_text()})
        assert_loses_points(grades, test_cell_ids(load(assignment), graded_by[name]))

    return test_correct_alternative, test_wrong_implementation
