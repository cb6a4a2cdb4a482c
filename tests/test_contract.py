"""Every graded name has a contract entry, and its release stub has exactly that signature.

Each chapter's test module (``tests/test_NN_topic.py``) declares ``CONTRACT``: every
name a student defines in a solution cell and the tests grade, with its exact
signature (parameter names, order and defaults; ``"*"`` = a default left to the
implementer; ``None`` = a constant; a dict = a class and its methods). This
module fails loudly if a stub is missing, a signature drifts, a graded name has
no contract entry, or a stub's docstring lacks its TODO / APPROACH / EXAMPLE hints.
"""
from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

from course.grader import engine
from harness import RELEASE, assignments, load

TESTS = Path(__file__).resolve().parent


def contract_of(assignment: str) -> dict:
    path = TESTS / f"test_{assignment}.py"
    assert path.exists(), f"{assignment} has no test module tests/test_{assignment}.py"
    spec = importlib.util.spec_from_file_location(f"_contract_{assignment}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    contract = getattr(module, "CONTRACT", None)
    assert isinstance(contract, dict) and contract, f"tests/test_{assignment}.py declares no CONTRACT"
    return contract


def signature(fn: ast.FunctionDef) -> str:
    """Canonical '(a, b=1)' form: names and defaults, annotations ignored."""
    args = fn.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    parts = [a.arg if d is None else f"{a.arg}={ast.unparse(d)}" for a, d in zip(positional, defaults)]
    if args.vararg or args.kwonlyargs or args.kwarg:
        parts.append("<extra>")
    return "(" + ", ".join(parts) + ")"


def matches(got: str, expected: str) -> bool:
    if "*" not in expected:
        return got == expected
    prefix = expected[: expected.index("*")]
    return got.startswith(prefix) and got.endswith(")") and "," not in got[len(prefix):]


def release_definitions(assignment: str, root: Path = RELEASE) -> dict:
    """{name: ast node} for every top-level name a release (or source) solution cell defines."""
    found = {}
    for cell in load(assignment, root).cells:
        if not engine.is_solution_cell(cell):
            continue
        for node in ast.parse(cell.source).body:
            names = [getattr(node, "name", None)]
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
            for name in names:
                if name:
                    found[name] = node
    return found


def graded_names(assignment: str) -> set[str]:
    """Names the solution cells define that some test cell uses."""
    nb = load(assignment)
    defined = set()
    for cell in nb.cells:
        if engine.is_solution_cell(cell):
            defined |= engine.defined_names(cell.source)
    used = set()
    for cell in nb.cells:
        if engine.is_test_cell(cell):
            used |= engine.loaded_names(cell.source)
    return defined & used


CHAPTERS = [a for a in assignments() if (RELEASE / a).exists()]


@pytest.mark.parametrize("assignment", CHAPTERS)
def test_every_graded_name_has_a_contract_entry(assignment):
    missing = graded_names(assignment) - set(contract_of(assignment))
    assert not missing, f"{assignment}: graded names without a CONTRACT entry: {sorted(missing)}"


@pytest.mark.parametrize("assignment", CHAPTERS)
def test_stubs_have_the_contract_signatures(assignment):
    from harness import SOURCE

    contract, stubs = contract_of(assignment), release_definitions(assignment)
    answers = release_definitions(assignment, SOURCE)
    problems = []
    for name, expected in contract.items():
        node = stubs.get(name)
        if expected is None:      # a constant: the release cell is a bare stub, the source defines it
            if not isinstance(answers.get(name), (ast.Assign, ast.AnnAssign)):
                problems.append(f"{name} should be a constant a solution cell defines")
        elif node is None:
            problems.append(f"{name}: no stub in any release solution cell")
        elif isinstance(expected, str):
            if not isinstance(node, ast.FunctionDef):
                problems.append(f"{name} should be a function")
            elif not matches(signature(node), expected):
                problems.append(f"{name}{signature(node)} != {expected}")
        else:
            if not isinstance(node, ast.ClassDef):
                problems.append(f"{name} should be a class")
                continue
            methods = {m.name: m for m in node.body if isinstance(m, ast.FunctionDef)}
            for method, sig in expected.items():
                if method not in methods:
                    problems.append(f"the {name} stub lacks {method}")
                elif not matches(signature(methods[method]), sig):
                    problems.append(f"{name}.{method}{signature(methods[method])} != {sig}")
    assert not problems, f"{assignment}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("assignment", CHAPTERS)
def test_stub_docstrings_carry_hints(assignment):
    stubs = release_definitions(assignment)
    problems = []
    for name, expected in contract_of(assignment).items():
        node = stubs.get(name)
        if expected is None or node is None or not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            continue
        doc = ast.get_docstring(node) or ""
        if isinstance(node, ast.ClassDef):
            doc += "".join(ast.get_docstring(m) or "" for m in node.body if isinstance(m, ast.FunctionDef))
        problems += [f"the {name} stub's docstring lacks {hint}" for hint in ("TODO", "APPROACH", "EXAMPLE")
                     if hint not in doc]
    assert not problems, f"{assignment}:\n  " + "\n  ".join(problems)
