"""Every chapter through a real nbgrader round trip, once: the rules each assignment must keep.

One test per chapter (so pytest-xdist runs each round trip exactly once, on one
worker), asserting all of:

1. release/ equals a fresh ``generate_assignment``, with no solution code, no
   BEGIN/END markers and no hidden-test text;
2. through ``make autograde`` (the trusted grader, parallel, writing nbgrader's
   gradebook), the reference gets full marks and the untouched stub 0 on every
   autograded cell;
3. feedback pages show no line of a hidden test, still name the failed checks,
   and list each test cell by its title.

(Hangs, crashes, stderr, determinism and hostile code are the grader's own
properties: ``test_grader.py`` and ``test_hostile.py`` prove them once.)
"""
from __future__ import annotations

import re

import pytest

import roundtrip
from course.grader import insights
from course.grader.release import differences
from course.grader.engine import cell_title, is_test_cell
from harness import RELEASE, assignments, load

ASSIGNMENTS = assignments()
MIN_LINE = 12  # shorter lines ("pass", "return x") are too generic to prove a leak


def release_problems(trip) -> list[str]:
    problems = [f"release differs: {d} (run `make release` and commit release/)"
                for d in differences(trip.release, RELEASE)]
    source, release = load(trip.assignment), load(trip.assignment, RELEASE)
    rel_by_id = {c.get("id"): c for c in release.cells}
    text = "\n".join(c.source for c in release.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        if marker in text:
            problems.append(f"release notebook contains '{marker}'")
    for cell in source.cells:
        rel = rel_by_id.get(cell.get("id"))
        if rel is None:
            problems.append(f"cell {cell.get('id')} missing from release")
            continue
        sol_out, sol_in = roundtrip.split_regions(cell.source, "BEGIN SOLUTION", "END SOLUTION")
        hid_out, hid_in = roundtrip.split_regions(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        secret = set(sol_in) | set(hid_in)
        public = set(sol_out) & set(hid_out)
        shown = {line.strip() for line in rel.source.splitlines()}
        leaked = [s for s in shown & secret if len(s) >= MIN_LINE and s not in public]
        if leaked:
            problems.append(f"release cell {cell.get('id')} still shows: {leaked[:3]}")
    return problems


def grading_problems(trip) -> list[str]:
    problems = []
    if set(trip.scores) != set(roundtrip.STUDENTS):
        return [f"graded students {sorted(trip.scores)}, expected {roundtrip.STUDENTS}"]
    ref, stub = trip.scores["reference"], trip.scores["stub"]
    short = {c: (ref.get(c), mx) for c, mx in trip.max_scores.items() if ref.get(c) != mx}
    if short:
        problems.append(f"the reference lost points: {short}")
    earned = {c: stub.get(c) for c in trip.max_scores if stub.get(c) != 0}
    if earned:
        problems.append(f"the untouched stub earned points: {earned}")
    # make insights: every check of every student, recorded next to the gradebook
    rows = insights.load(f"sqlite:///{trip.root / 'gradebook.db'}", trip.assignment)
    recorded = {r["student"] for r in rows}
    if recorded != set(roundtrip.STUDENTS):
        problems.append(f"check results recorded for {sorted(recorded)}, expected {roundtrip.STUDENTS}")
    if any(not r["passed"] for r in rows if r["student"] == "reference"):
        problems.append("the reference has failing checks recorded")
    return problems


def feedback_problems(trip) -> list[str]:
    problems = []
    source = load(trip.assignment)
    hidden, visible = set(), set()
    for cell in source.cells:
        outside, inside = roundtrip.split_regions(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        hidden |= {line for line in inside if len(line) >= MIN_LINE}
        visible |= set(outside)
    hidden -= visible
    titles = [cell_title(c.source) for c in source.cells if is_test_cell(c)]
    for student, page in trip.feedback.items():
        if not page:
            problems.append(f"no feedback page for {student}")
            continue
        text = roundtrip.page_text(page)
        if "HIDDEN TESTS" in text:
            problems.append(f"{student}'s feedback shows a hidden-test marker")
        shown = {re.sub(r"^(-*>)?\s*\d+\s", "", line.strip()).strip() for line in text.splitlines()}
        leaked = [line for line in hidden if line in shown]
        if leaked:
            problems.append(f"{student}'s feedback shows hidden test lines: {leaked[:3]}")
        missing = [t for t in titles if t and t not in text]
        if missing:
            problems.append(f"{student}'s feedback does not list test cells by title: {missing[:2]}")
    if "\u2718" not in roundtrip.page_text(trip.feedback.get("stub", "")):
        problems.append("the stub's feedback should list the checks that failed")
    return problems


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_round_trip(assignment, tmp_path):
    """release, autograde (reference full, stub zero) and feedback, through nbgrader."""
    trip = roundtrip.run(assignment, tmp_path)
    problems = release_problems(trip) + grading_problems(trip) + feedback_problems(trip)
    assert not problems, f"{assignment}:\n  " + "\n  ".join(problems)
