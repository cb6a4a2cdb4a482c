"""The committed mutation reports are current, and each exercise's tests kill >= 95 % of its mutants.

``make mutants`` (course/grader/mutants.py) writes tests/mutants/<chapter>/<exercise>.json.
This checks them without running the campaign again: each report's content hash
must match the current reference solution and test cells, every survivor must be
listed as equivalent (with a reason) or counted against the score, and the score
of non-equivalent mutants killed must reach the target.
"""
from __future__ import annotations

import json

import pytest

from course.grader import mutants
from harness import assignments

EXERCISES = [(a, name, source) for a in assignments() for name, source in mutants.exercise_cells(a)]


@pytest.mark.parametrize("assignment,exercise,source", EXERCISES, ids=[f"{a}/{e}" for a, e, _ in EXERCISES])
def test_mutation_report_is_current_and_strong(assignment, exercise, source):
    path = mutants.REPORTS / assignment / f"{exercise}.json"
    assert path.exists(), f"no mutation report for {assignment}/{exercise}: run `make mutants A={assignment}`"
    report = json.loads(path.read_text())
    assert report["hash"] == mutants.content_hash(assignment, exercise, source), (
        f"{assignment}/{exercise}: the reference or its tests changed since the report was made: "
        f"run `make mutants A={assignment}` and commit tests/mutants/{assignment}/")
    reasons = mutants.equivalents(assignment).get(exercise, {})
    for row in report["results"]:
        if row["outcome"] == "equivalent":
            assert reasons.get(row["id"]), f"{row['id']} is called equivalent without a reason"
    assert report["score"] >= mutants.TARGET, (
        f"{assignment}/{exercise}: {report['killed']} of {report['mutants'] - report['equivalent']} "
        f"non-equivalent mutants killed ({report['score']:.0%} < {mutants.TARGET:.0%}); survivors:\n  "
        + "\n  ".join(r["id"] for r in report["results"] if r["outcome"] == "survived"))
