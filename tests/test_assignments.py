"""The grading rules every assignment must keep, proven through a real nbgrader round trip.

1. release/ equals a fresh generate_assignment, with no solution code, no
   BEGIN/END markers and no hidden-test text.
2. The reference autogrades to full marks; the untouched stub to 0 on every
   autograded cell, in the same batch, without crashing it.
3. (nbval runs every source notebook: see pyproject's addopts.)
4. Feedback pages show no line of a hidden test, nor a traceback through one;
   failing checks are still named.
5. Correct code that writes to stderr loses nothing.
6. A hang or a killed kernel loses only the affected cells; the batch goes on.
7. Autograding twice gives identical scores.
8. course.grader.check (the honest validate) exits non-zero on failure.
"""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from nbgrader import utils

import roundtrip
from course.grader.release import differences
from harness import RELEASE, assignments, load, notebook_path

ASSIGNMENTS = assignments()
MIN_LINE = 12  # shorter lines ("pass", "return x") are too generic to prove a leak


@pytest.fixture(scope="module", params=[pytest.param(a, marks=pytest.mark.xdist_group(a)) for a in ASSIGNMENTS])
def trip(request, tmp_path_factory):
    return roundtrip.run(request.param, tmp_path_factory.mktemp(request.param))


def test_release_equals_fresh_generation(trip):
    assert differences(trip.release, RELEASE) == [], "run `make release` and commit release/"


def test_release_has_no_solutions_markers_or_hidden_tests(trip):
    source = load(trip.assignment)
    release = load(trip.assignment, RELEASE)
    rel_by_id = {c.get("id"): c for c in release.cells}
    text = "\n".join(c.source for c in release.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text, f"release notebook contains '{marker}'"
    for cell in source.cells:
        rel = rel_by_id.get(cell.get("id"))
        assert rel is not None, f"cell {cell.get('id')} missing from release"
        sol_out, sol_in = roundtrip.split_regions(cell.source, "BEGIN SOLUTION", "END SOLUTION")
        hid_out, hid_in = roundtrip.split_regions(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        secret = set(sol_in) | set(hid_in)
        public = set(sol_out) & set(hid_out)  # a line also written outside the regions is no secret
        shown = {line.strip() for line in rel.source.splitlines()}
        leaked = [s for s in shown & secret if len(s) >= MIN_LINE and s not in public]
        assert not leaked, f"release cell {cell.get('id')} still shows: {leaked[:3]}"


def test_reference_gets_full_marks(trip):
    got = trip.scores["reference"]
    short = {cell: (got[cell], mx) for cell, mx in trip.max_scores.items() if got[cell] != mx}
    assert not short, f"reference lost points: {short}\n{trip.autograde_log[-3000:]}"


def test_untouched_stub_scores_zero(trip):
    got = trip.scores["stub"]
    nonzero = {cell: got[cell] for cell in trip.max_scores if got[cell] != 0}
    assert not nonzero, f"the untouched stub earned points: {nonzero}"


def test_stderr_from_correct_code_costs_nothing(trip):
    got = trip.scores["noisy"]
    short = {cell: got[cell] for cell, mx in trip.max_scores.items() if got[cell] != mx}
    assert not short, f"correct code that writes to stderr lost points: {short}"


@pytest.mark.parametrize("student", ["hang", "crash"])
def test_hang_or_crash_loses_only_affected_cells(trip, student):
    names = roundtrip.poisoned_names(load(trip.assignment))
    got = trip.scores[student]
    assert all(got[c] is not None for c in trip.max_scores), f"{student} was not graded: {got}"
    for cell in load(trip.assignment).cells:
        if not (utils.is_grade(cell) and cell.cell_type == "code"):
            continue
        gid = cell.metadata.nbgrader["grade_id"]
        uses_poisoned = any(re.search(rf"\b{re.escape(n)}\b", cell.source) for n in names)
        if not uses_poisoned:
            assert got[gid] == trip.max_scores[gid], f"{student}: unaffected cell {gid} lost points"
    assert sum(got.values()) < sum(trip.max_scores.values()), f"{student} kept full marks"
    # every other student of the batch was graded too
    assert set(trip.scores) == set(roundtrip.STUDENTS)


def test_autograding_twice_gives_identical_scores(trip):
    assert trip.rescores == trip.scores


def test_feedback_hides_hidden_tests(trip):
    source = load(trip.assignment)
    hidden, visible = set(), set()
    for cell in source.cells:
        outside, inside = roundtrip.split_regions(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        hidden |= {line for line in inside if len(line) >= MIN_LINE}
        visible |= set(outside)
    hidden -= visible  # a line that also appears in visible code is not a secret
    for student, page in trip.feedback.items():
        assert page, f"no feedback page for {student}"
        text = roundtrip.page_text(page)
        assert "HIDDEN TESTS" not in text
        # a line of shown source, or of a traceback quoting source ("----> 12 line")
        shown = {re.sub(r"^(-*>)?\s*\d+\s", "", line.strip()).strip() for line in text.splitlines()}
        leaked = [line for line in hidden if line in shown]
        assert not leaked, f"{student}'s feedback shows hidden test lines: {leaked[:3]}"


def test_feedback_still_names_failed_checks(trip):
    text = roundtrip.page_text(trip.feedback["stub"])
    assert "\u2718" in text, "the stub's feedback should list the checks that failed"


def test_check_command_reports_failure_honestly():
    first = ASSIGNMENTS[0]
    release = notebook_path(first, RELEASE)
    failing = subprocess.run([sys.executable, "-m", "course.grader.check", str(release)], capture_output=True, text=True)
    assert failing.returncode == 1, failing.stdout
    assert "FAIL" in failing.stdout
    passing = subprocess.run([sys.executable, "-m", "course.grader.check", str(notebook_path(first))],
                             capture_output=True, text=True)
    assert passing.returncode == 0, passing.stdout
