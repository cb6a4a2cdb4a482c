"""Every source notebook keeps the course's format: nbgrader metadata, one anatomy, no outputs."""
from __future__ import annotations

import ast
import re

import pytest
from nbgrader import utils

from harness import RELEASE, assignments, load, notebook_path

ASSIGNMENTS = assignments()
RELEASED = [a for a in ASSIGNMENTS if (RELEASE / a).is_dir() and any((RELEASE / a).glob("*.ipynb"))]
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


# -- the student's copy (release/) ---------------------------------------------------------------
@pytest.mark.parametrize("assignment", RELEASED)
def test_release_test_cells_have_no_blank_gaps(assignment):
    """Where hidden checks were removed, the student's test cell says so in one line instead of
    showing a gap of blank lines (course/grader/release.py)."""
    from course.grader.release import HIDDEN_NOTE

    source = {c.get("id"): c for c in load(assignment).cells}
    for cell in graded_test_cells(load(assignment, RELEASE)):
        gid = cell.metadata.nbgrader["grade_id"]
        assert not re.search(r"\n[ \t]*\n[ \t]*\n", cell.source), f"{gid}: a run of blank lines in the student's copy"
        had_hidden = "### BEGIN HIDDEN TESTS" in source[cell.get("id")].source
        assert (HIDDEN_NOTE in cell.source) == had_hidden, f"{gid}: the hidden-checks line is missing or stray"
        assert cell.metadata.nbgrader["checksum"] == utils.compute_checksum(cell), \
            f"{gid}: nbgrader's checksum does not match the cell (nbgrader validate would call it changed)"


@pytest.mark.parametrize("assignment", RELEASED)
def test_release_metadata_is_what_the_kernel_writes(assignment):
    """JupyterLab writes the kernel's language_info into a notebook when the kernel starts: a release
    notebook carrying all of it opens unmodified (tests/browser/test_open_clean.py shows it in Chromium)."""
    from course.grader.release import kernel_language_info

    nb = load(assignment, RELEASE)
    info = nb.metadata.get("language_info", {})
    assert set(info) >= {"codemirror_mode", "file_extension", "mimetype", "name", "nbconvert_exporter",
                         "pygments_lexer", "version"}, f"{assignment}: language_info is {dict(info)}"
    kernel = kernel_language_info()
    # (the version is the one of the Python that generated release/: another Python's kernel rewrites it)
    assert {k: v for k, v in info.items() if k != "version"} == {k: v for k, v in kernel.items() if k != "version"}, \
        f"{assignment}: language_info {dict(info)} differs from this kernel's {kernel}"
    assert re.fullmatch(r"3\.\d+\.\d+", info["version"]), f"{assignment}: language_info version {info['version']!r}"
    assert nb.metadata.kernelspec == {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    for cell in code_cells(nb):
        assert cell.execution_count is None and cell.outputs == [], f"{assignment}: cell {cell.get('id')} has outputs"


# -- teaching cells never stop at an exercise's stub ----------------------------------------------
BROAD = {"Exception", "BaseException"}
# Known teaching cells that reach a stub unguarded, in chapters whose authors have yet to guard them
# (cell ids). Everything else must guard: try: ... except NotImplementedError: print("Implement X above...").
UNGUARDED_KNOWN: dict[str, set[str]] = {}


def _caught(handler) -> set[str]:
    if handler.type is None:
        return set(BROAD)
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return {n.id if isinstance(n, ast.Name) else n.attr for n in names if isinstance(n, (ast.Name, ast.Attribute))}


def _loads(node, caught=frozenset(), into_defs=False):
    """(name, exceptions caught around it) for the names loaded under ``node``; the bodies of nested
    functions, classes and lambdas (callbacks a helper may guard) are not entered."""
    if isinstance(node, ast.Try):
        around = caught | {e for h in node.handlers for e in _caught(h)}
        for child in node.body:
            yield from _loads(child, frozenset(around))
        for child in node.handlers + node.orelse + node.finalbody:
            yield from _loads(child, caught)
        return
    if isinstance(node, ast.Lambda) or (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                                        and not into_defs):
        return
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        yield node.id, caught
    for child in ast.iter_child_nodes(node):
        yield from _loads(child, caught)


def _student_copy(source: str) -> str:
    """A solution cell as nbgrader's ClearSolutions leaves it: each solution region replaced by
    ``raise NotImplementedError()`` (indented like its marker)."""
    out, inside = [], False
    for line in source.split("\n"):
        if "### BEGIN SOLUTION" in line:
            inside = True
            out.append(line[:len(line) - len(line.lstrip())] + "raise NotImplementedError()")
        elif "### END SOLUTION" in line:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def _raises_stub(node) -> bool:
    return any(isinstance(n, ast.Raise) and n.exc is not None and "NotImplementedError" in ast.unparse(n.exc)
               for n in ast.walk(node))


def student_stub_names(source: str) -> dict[str, str]:
    """What a solution cell defines that is not usable in the student's copy: {name: "raises"} for a
    function or class whose stub raises NotImplementedError, {name: "unbound"} for a name the stub no
    longer defines (a constant inside the solution region, or defined after a cell-level raise)."""
    from course.grader import engine

    student = ast.parse(engine.python_source(_student_copy(source)))
    bound, stubs = set(), {}
    for node in student.body:
        if isinstance(node, ast.Raise):
            break               # the cell stops here in the student's copy
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
            if _raises_stub(node):
                stubs[node.name] = "raises"
        else:
            bound |= engine.defined_names(ast.unparse(node))
    for name in engine.defined_names(source) - bound:
        stubs[name] = "unbound"
    return stubs


def unguarded_stub_uses(nb) -> dict[str, set[str]]:
    """Teaching cells (neither solution nor test cells) that reach, unguarded, what an exercise defines:
    a function or class (its stub raises NotImplementedError in the student's copy: the use must sit in
    a try that catches it) or a constant (its stub cell raises, the name is never bound: NameError),
    or a teaching function or class that does. {cell id: names}."""
    from course.grader import engine

    needs = {}      # stub name -> the exceptions one of which a guard must catch
    for cell in nb.cells:
        if engine.is_solution_cell(cell):
            for name, stub in student_stub_names(cell.source).items():
                needs[name] = BROAD | ({"NotImplementedError", "RuntimeError"} if stub == "raises" else {"NameError"})
    trees = {}
    for cell in code_cells(nb):
        if not engine.is_solution_cell(cell) and not engine.is_test_cell(cell):
            try:
                trees[cell.get("id")] = ast.parse(engine.python_source(cell.source))
            except SyntaxError:
                pass

    def reached(node, into_defs=False):
        return {name for name, caught in _loads(node, into_defs=into_defs)
                if name in needs and not caught & needs[name]}

    changed = True
    while changed:  # a teaching function reaching a stub unguarded is a stub too
        changed = False
        for tree in trees.values():
            for node in tree.body:
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or node.name in needs:
                    continue
                names = reached(node, into_defs=True)
                if names:
                    raises = any("NotImplementedError" in needs[n] for n in names)
                    needs[node.name] = BROAD | ({"NotImplementedError", "RuntimeError"} if raises else {"NameError"})
                    changed = True
    found = {}
    for cid, tree in trees.items():
        names = {n for node in tree.body for n in reached(node)}
        if names:
            found[cid] = names
    return found


def test_the_stub_check_sees_unguarded_and_guarded_calls():
    import nbformat

    meta = {"nbgrader": {"grade": False, "grade_id": "f", "locked": False, "schema_version": 3, "solution": True}}
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION",
                                  metadata=meta),
        nbformat.v4.new_code_cell("RATE = 2\n### BEGIN SOLUTION\nLIMIT = 10\n### END SOLUTION", metadata=meta),
        nbformat.v4.new_code_cell("print(RATE)\ntry:\n    print(LIMIT)\nexcept NameError:\n    print('set LIMIT')",
                                  id="constants"),
        nbformat.v4.new_code_cell("try:\n    print(LIMIT)\nexcept NotImplementedError:\n    pass", id="wrong-guard"),
        nbformat.v4.new_code_cell("print(f(1))", id="bare"),
        nbformat.v4.new_code_cell("try:\n    print(f(1))\nexcept NotImplementedError:\n    print('Implement f above')",
                                  id="guarded"),
        nbformat.v4.new_code_cell("def g():\n    return f(2)\n\ndef h():\n    try:\n        return f(3)\n"
                                  "    except NotImplementedError:\n        return None", id="defs"),
        nbformat.v4.new_code_cell("g()\nh()\nexplore(lambda n: f(n))", id="indirect"),
    ])
    assert unguarded_stub_uses(nb) == {"bare": {"f"}, "indirect": {"g"}, "wrong-guard": {"LIMIT"}}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_teaching_cells_guard_exercise_stubs(assignment):
    """In the student's copy every exercise raises NotImplementedError until written: a teaching cell
    (a "Try it" cell, a figure) calling one must catch it and say what to implement, so that running
    the notebook top to bottom stops with an error only in test cells. (A static check: executing
    every release notebook takes minutes; the browser lane runs them.)"""
    found = unguarded_stub_uses(load(assignment))
    unexpected = {cid: sorted(names) for cid, names in found.items()
                  if cid not in UNGUARDED_KNOWN.get(assignment, set())}
    assert not unexpected, (f"{assignment}: teaching cells reach an exercise's stub outside "
                            f"`try: ... except NotImplementedError:` {unexpected}")
