"""The committed mutation reports are current, and each exercise's tests kill >= 95 % of its mutants.

``make mutants`` (course/grader/mutants.py) writes tests/mutants/<chapter>/<exercise>.json.
This checks them without running the campaign again: each report's content hash
must match the current reference solution and test cells, every survivor must be
listed as equivalent (with a reason) or counted against the score, and the score
of non-equivalent mutants killed must reach the target.

An exercise whose campaign has not been run yet, or whose score is still under the
target, is listed in tests/mutants/PENDING.toml (``"<chapter>/<exercise>" = "why"``):
the list is printed by every run, so the debt stays visible, and an entry must go
as soon as a report that meets the target exists.
"""
from __future__ import annotations

import json
import tomllib

import pytest

from course.grader import mutants
from harness import assignments

EXERCISES = [(a, name, source) for a in assignments() for name, source in mutants.exercise_cells(a)]
PENDING_FILE = mutants.REPORTS / "PENDING.toml"
PENDING = tomllib.loads(PENDING_FILE.read_text()) if PENDING_FILE.exists() else {}


def _report(assignment, exercise):
    path = mutants.REPORTS / assignment / f"{exercise}.json"
    return json.loads(path.read_text()) if path.exists() else None


@pytest.mark.parametrize("assignment,exercise,source", EXERCISES, ids=[f"{a}/{e}" for a, e, _ in EXERCISES])
def test_mutation_report_is_current_and_strong(assignment, exercise, source):
    key = f"{assignment}/{exercise}"
    report = _report(assignment, exercise)
    if key in PENDING:
        assert PENDING[key].strip(), f"{key} is pending without a reason"
        if report is not None and report.get("hash") == mutants.content_hash(assignment, exercise, source):
            assert report["score"] < mutants.TARGET, (
                f"{key} now has a current report at {report['score']:.0%}: remove it from {PENDING_FILE.name}")
        pytest.skip(f"mutation campaign pending: {PENDING[key]}")
    assert report is not None, f"no mutation report for {key}: run `make mutants A={assignment}`"
    assert report["hash"] == mutants.content_hash(assignment, exercise, source), (
        f"{key}: the reference or its tests changed since the report was made: "
        f"run `make mutants A={assignment}` and commit tests/mutants/{assignment}/")
    reasons = mutants.equivalents(assignment).get(exercise, {})
    for row in report["results"]:
        if row["outcome"] == "equivalent":
            assert reasons.get(row["id"]), f"{row['id']} is called equivalent without a reason"
    assert report["score"] >= mutants.TARGET, (
        f"{key}: {report['killed']} of {report['mutants'] - report['equivalent']} "
        f"non-equivalent mutants killed ({report['score']:.0%} < {mutants.TARGET:.0%}); survivors:\n  "
        + "\n  ".join(r["id"] for r in report["results"] if r["outcome"] == "survived"))


def test_pending_names_real_exercises():
    known = {f"{a}/{e}" for a, e, _ in EXERCISES}
    stale = sorted(set(PENDING) - known)
    assert not stale, f"{PENDING_FILE.name} names exercises that do not exist: {stale}"
