"""Mutation testing of the reference solutions: ``make mutants [A=02_caching]``.

For every solution cell of a chapter (an exercise), each mutation operator of
cosmic-ray (https://cosmic-ray.readthedocs.io) is applied at each place it
fits *inside the solution regions* (``### BEGIN SOLUTION`` .. ``### END
SOLUTION``), one mutant at a time; each mutant is graded with the chapter's
real test cells, hidden ones included, by the fast forked engine (the test
cells the exercise can affect). A mutant is *killed* when a check fails or
the cell no longer runs (grading stops at the first test cell that loses a point:
the report names the checks of that cell, not every check the mutant fails); a survivor is either listed as *equivalent* in
``tests/mutants/<chapter>/equivalent.toml`` with a one-line reason, or it is
a gap in the tests.

Why cosmic-ray: it exposes its operators as a library (``mutate_code(code,
operator, occurrence)``), so a mutant is a string we can put in a notebook
cell and grade with our own engine; mutmut 3 instead rewrites whole modules
with trampolines and drives pytest itself, which does not fit a notebook cell.

The report (``tests/mutants/<chapter>/<exercise>.json``, committed) records
each mutant's outcome and a content hash of the reference and its test cells:
``tests/test_mutation.py`` checks, without re-running anything, that every
report is current (the hashes match), that every survivor is equivalent with a
reason, and that at least 95 % of the non-equivalent mutants are killed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import tomllib

from course.grader.release import ROOT

sys.path.insert(0, str(ROOT / "tests"))
import harness  # noqa: E402
from course.grader import engine  # noqa: E402

REPORTS = ROOT / "tests" / "mutants"
TARGET = 0.95
# The operators: comparisons and boundaries, arithmetic that swaps with its natural partner,
# booleans, unary operators, loops that never run, break/continue, numbers off by one,
# exceptions that change class, decorators removed.
BINARY_PAIRS = [("Add", "Sub"), ("Sub", "Add"), ("Mul", "Div"), ("Div", "Mul"), ("Div", "FloorDiv"),
                ("FloorDiv", "Div"), ("Mod", "FloorDiv"), ("Pow", "Mul"), ("LShift", "RShift"),
                ("RShift", "LShift"), ("BitOr", "BitAnd"), ("BitAnd", "BitOr"), ("BitXor", "BitOr"),
                ("Mul", "Add"), ("Add", "Mul")]
OPERATOR_VERSION = "cosmic-ray core subset v1"


def operator_names() -> list[str]:
    import cosmic_ray.plugins

    names = []
    for name in cosmic_ray.plugins.operator_names():
        short = name.split("/", 1)[1]
        if short.startswith("ReplaceBinaryOperator_"):
            a, b = short[len("ReplaceBinaryOperator_"):].split("_")
            if (a, b) in BINARY_PAIRS:
                names.append(name)
        elif short.startswith(("ReplaceComparisonOperator_", "ReplaceUnaryOperator_")) or short in (
                "AddNot", "ReplaceTrueWithFalse", "ReplaceFalseWithTrue", "ReplaceAndWithOr", "ReplaceOrWithAnd",
                "ReplaceBreakWithContinue", "ReplaceContinueWithBreak", "ExceptionReplacer", "NumberReplacer",
                "RemoveDecorator", "ZeroIterationForLoop"):
            names.append(name)
    return sorted(names)


def solution_lines(source: str) -> set[int]:
    """1-based lines inside BEGIN/END SOLUTION regions (the markers excluded)."""
    inside, lines = False, set()
    for i, line in enumerate(source.splitlines(), start=1):
        if "### BEGIN SOLUTION" in line:
            inside = True
        elif "### END SOLUTION" in line:
            inside = False
        elif inside:
            lines.add(i)
    return lines


def changed_lines(before: str, after: str) -> list[int]:
    import difflib

    a, b = before.splitlines(), after.splitlines()
    out = []
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if tag != "equal":
            out += list(range(i1 + 1, max(i2, i1 + 1) + 1))
    return out


def mutants_of(source: str):
    """(id, operator, line, mutated source) for every mutation inside the solution regions."""
    import cosmic_ray.plugins
    from cosmic_ray.mutating import mutate_code

    region = solution_lines(source)
    for name in operator_names():
        operator = cosmic_ray.plugins.get_operator(name)()
        occurrence = 0
        while True:
            try:
                mutated = mutate_code(source, operator, occurrence)
            except Exception:  # noqa: BLE001 - an operator that cannot apply here
                mutated = None
            if mutated is None:
                break
            lines = changed_lines(source, mutated)
            if lines and all(n in region for n in lines):
                text = mutated.splitlines()[lines[0] - 1].strip() if lines[0] <= len(mutated.splitlines()) else ""
                yield f"{name.split('/', 1)[1]} @ {lines[0]}: {text}", name, lines[0], mutated
            occurrence += 1


def exercise_cells(assignment: str) -> list[tuple[str, str]]:
    """(exercise, source) of each solution cell defining code (named by the cell's first name)."""
    nb = harness.load(assignment)
    out = []
    for cell in nb.cells:
        if not engine.is_solution_cell(cell) or "### BEGIN SOLUTION" not in cell.source:
            continue
        first = _first_name(cell.source)
        if first:
            out.append((first, cell.source))
    return out


def _first_name(source: str) -> str | None:
    """The first function or class a cell defines (else its first assigned name)."""
    import ast

    tree = ast.parse(engine.python_source(source))
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return node.name
    names = sorted(engine.defined_names(source))
    return names[0] if names else None


def content_hash(assignment: str, exercise: str, source: str) -> str:
    nb = harness.load(assignment)
    ids = harness.affected_tests(assignment, [exercise])
    h = hashlib.sha256(OPERATOR_VERSION.encode())
    h.update(source.encode())
    for cell in nb.cells:
        if engine.is_test_cell(cell) and engine.nbgrader_meta(cell)["grade_id"] in ids:
            h.update(cell.source.encode())
    return h.hexdigest()


def equivalents(assignment: str) -> dict[str, dict[str, str]]:
    path = REPORTS / assignment / "equivalent.toml"
    return tomllib.loads(path.read_text()) if path.exists() else {}


def run(assignment: str, only: list[str] | None = None) -> list[dict]:
    reports = []
    reasons = equivalents(assignment)
    for exercise, source in exercise_cells(assignment):
        if only and exercise not in only:
            continue
        started = time.monotonic()
        rows = []
        for mid, operator, line, mutated in mutants_of(source):
            try:
                report = harness.grade_variant(assignment, {exercise: mutated}, first_failure=True)
            except engine.CheckTimeout:
                # the mutant hangs or kept killing the student process: grading would give it 0
                rows.append({"id": mid, "operator": operator, "line": line, "outcome": "killed",
                             "killed_by": ["(grading ran out of time, or the student process kept crashing)"]})
                continue
            own = report.student_cells.get(harness.cell_key(assignment, exercise))
            failed = sorted(harness.failed_checks(report))
            outcome = "killed" if failed or (own and own.error) else "survived"
            reason = reasons.get(exercise, {}).get(mid)
            if outcome == "survived" and reason:
                outcome = "equivalent"
            rows.append({"id": mid, "operator": operator, "line": line, "outcome": outcome,
                         **({"reason": reason} if outcome == "equivalent" else {}),
                         **({"killed_by": failed[:3]} if failed else {})})
        counted = [r for r in rows if r["outcome"] != "equivalent"]
        killed = sum(r["outcome"] == "killed" for r in counted)
        summary = {"assignment": assignment, "exercise": exercise, "hash": content_hash(assignment, exercise, source),
                   "mutants": len(rows), "killed": killed, "equivalent": len(rows) - len(counted),
                   "survived": len(counted) - killed,
                   "score": round(killed / len(counted), 4) if counted else 1.0,
                   "seconds": round(time.monotonic() - started, 1), "results": rows}
        out = REPORTS / assignment / f"{exercise}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
        reports.append(summary)
        print(f"{assignment} {exercise:28s} {killed}/{len(counted)} killed ({summary['score']:.0%}), "
              f"{summary['equivalent']} equivalent, {summary['survived']} surviving, {summary['seconds']:.0f} s",
              flush=True)
        for r in rows:
            if r["outcome"] == "survived":
                print(f"    survived: {r['id']}")
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.grader.mutants")
    parser.add_argument("assignments", nargs="*", help="default: every chapter")
    parser.add_argument("--exercise", action="append", help="only these exercises (repeatable)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.assignments) - set(harness.assignments()))
    if unknown:
        parser.error(f"not chapters: {unknown} (one exercise: --exercise NAME)")
    chosen = args.assignments or harness.assignments()
    bad = 0
    for a in chosen:
        for summary in run(a, args.exercise):
            bad += summary["score"] < TARGET
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
