"""Every source notebook keeps the course's format: nbgrader metadata, one anatomy, no outputs."""
from __future__ import annotations

import ast
import re

import pytest
from nbgrader import utils

from harness import assignments, load, notebook_path

ASSIGNMENTS = assignments()
NBGRADER_KEYS = {"grade", "grade_id", "locked", "schema_version", "solution"}


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def graded_test_cells(nb):
    return [c for c in code_cells(nb) if utils.is_grade(c) and not utils.is_solution(c)]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_without_outputs(assignment):
    for cell in code_cells(load(assignment)):
        assert cell.outputs == [] and cell.execution_count is None, f"{assignment}: cell {cell.get('id')} has outputs"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nbgrader_metadata_is_schema_3(assignment):
    ids = []
    for cell in load(assignment).cells:
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            continue
        expected = NBGRADER_KEYS | ({"points"} if meta.get("grade") else set())
        assert set(meta) == expected, f"{assignment}: {meta.get('grade_id')} has keys {sorted(meta)}"
        assert meta["schema_version"] == 3
        ids.append(meta["grade_id"])
    assert len(ids) == len(set(ids)), f"{assignment}: duplicate grade_ids"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_test_cells_follow_the_anatomy(assignment):
    cells = graded_test_cells(load(assignment))
    assert cells, f"{assignment} has no autograded test cells"
    for cell in cells:
        meta = cell.metadata.nbgrader
        gid = meta["grade_id"]
        assert meta["locked"], f"{gid} must be locked"
        assert gid.startswith("test-"), f"test cell ids start with 'test-': {gid}"
        tree = ast.parse(cell.source)
        first = tree.body[0]
        assert isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
            and isinstance(first.value.value, str) and "\n" not in first.value.value.strip(), \
            f"{gid} must open with a one-line docstring title"
        assert cell.source.rstrip().splitlines()[-1] == "checks.score()", f"{gid} must end with checks.score()"
        declared = re.findall(r"Checks\(points=([0-9.]+)", cell.source)
        assert declared and all(float(p) == float(meta["points"]) for p in declared), \
            f"{gid}: Checks(points=...) {declared} must equal the cell's {meta['points']} points"
        begins, ends = cell.source.count("### BEGIN HIDDEN TESTS"), cell.source.count("### END HIDDEN TESTS")
        assert begins == ends <= 1, f"{gid}: unbalanced hidden-test markers"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_cells_mark_the_solution(assignment):
    for cell in code_cells(load(assignment)):
        if utils.is_solution(cell):
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source, \
                f"{cell.metadata.nbgrader['grade_id']}: mark the solution region so the stub keeps its signature"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_widget_cells_are_tagged_for_nbval(assignment):
    for cell in code_cells(load(assignment)):
        if re.search(r"^\s*explore\(", cell.source, re.M):
            assert "nbval-ignore-output" in cell.metadata.get("tags", []), \
                f"{assignment}: widget cell {cell.get('id')} needs the nbval-ignore-output tag"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_chapter_anatomy(assignment):
    nb = load(assignment)
    number = assignment.split("_")[0]
    first = nb.cells[0].source
    assert first.startswith(f"# {number} · "), f"{assignment}: title must read '# {number} · ...'"
    assert "How this notebook is graded" in first
    assert f"make check NB=work/{assignment}/{notebook_path(assignment).name}" in nb.cells[-1].source, \
        f"{assignment}: the wrap-up must tell students how to check their work"
    # An exercise's text runs from its heading to its solution cell: Problem, Contract, Examples.
    section = None
    for cell in nb.cells:
        if cell.cell_type == "markdown" and re.match(r"##\s+Exercise", cell.source):
            section = None if "graded by hand" in cell.source else [cell.source]
        elif section is not None and cell.cell_type == "markdown":
            section.append(cell.source)
        elif section is not None and utils.is_solution(cell):
            text = "\n".join(section)
            for part in ("**Problem", "**Contract", "**Examples"):
                assert part in text, f"{assignment}: exercise '{section[0].splitlines()[0]}' lacks {part}"
            section = None


def _bound(tree) -> set[str]:
    """Every name a cell binds anywhere (assignments, defs, parameters, imports, handlers)."""
    out = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            out.add(n.id)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(n.name)
        elif isinstance(n, ast.arg):
            out.add(n.arg)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            out |= {(a.asname or a.name).split(".")[0] for a in n.names}
        elif isinstance(n, ast.ExceptHandler) and n.name:
            out.add(n.name)
    return out


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_test_cells_are_self_contained(assignment):
    """A test cell runs in the grader's process: it may use builtins, what it imports and defines,
    and the names the solution cells define (fetched from the student's process), nothing else."""
    import builtins

    from course.grader import engine

    nb = load(assignment)
    solution = set()
    for cell in nb.cells:
        if engine.is_solution_cell(cell):
            solution |= engine.defined_names(cell.source)
    for cell in graded_test_cells(nb):
        tree = ast.parse(cell.source)
        free = engine.loaded_names(cell.source) - _bound(tree) - set(dir(builtins)) - solution
        assert not free, (f"{cell.metadata.nbgrader['grade_id']} uses {sorted(free)}, defined in neither the "
                          f"cell nor a solution cell: copy teaching constants into the test")
