"""make insights on a simulated class whose right answer is known.

Sixty students of chapter 00, each submitting one variant of the catalog: the
correct ones, and wrong ones whose ``# fails:`` headers name exactly the checks
they fail (the catalog test proves those headers). So the share of the class
that passes each check is known before grading: the insights must report it
exactly, sort the worst first, and count the failure messages.
"""
from __future__ import annotations

import csv

import pytest

from course.grader import insights
from harness import catalog, grade_variant, load

ASSIGNMENT = "00_framework"
CLASS_SIZE = 60


@pytest.fixture(scope="module")
def simulated_class(tmp_path_factory):
    variants = [v for v in catalog(ASSIGNMENT) if not v.may_fail]
    exercises = insights.exercises_of(load(ASSIGNMENT))
    db = f"sqlite:///{tmp_path_factory.mktemp('insights') / 'gradebook.db'}"
    reports = {v.id: grade_variant(ASSIGNMENT, {v.name: v.code}, all_tests=True) for v in variants}
    students = {}
    for i in range(CLASS_SIZE):
        v = variants[(i * 7) % len(variants)]          # a fixed, uneven mix of the catalog
        student = f"s{i:02d}"
        students[student] = v
        rows = insights.rows_of(ASSIGNMENT, "framework", student, reports[v.id], exercises)
        insights.record(db, ASSIGNMENT, "framework", student, rows)
    return db, students


def test_pass_rates_are_the_known_ones(simulated_class):
    db, students = simulated_class
    rows = insights.load(db, ASSIGNMENT)
    summary = insights.summarize(rows, ASSIGNMENT)
    assert summary.students == sorted(students)
    for stat in summary.checks:
        key = f"{stat.grade_id} :: {stat.check_name}"
        expected = sum(key not in v.fails for v in students.values())
        assert (stat.students, stat.passed) == (CLASS_SIZE, expected), key
    rates = [c.pass_rate for c in summary.checks]
    assert rates == sorted(rates), "checks are sorted worst first"
    assert summary.checks[0].pass_rate < 1.0


def test_messages_and_scores(simulated_class):
    db, students = simulated_class
    summary = insights.summarize(insights.load(db, ASSIGNMENT), ASSIGNMENT)
    worst = summary.worst()
    assert worst and all(sum(c.messages.values()) == c.students - c.passed for c in worst)
    assert set(summary.exercise_scores) == {"Exercise 1 · Classify requirements", "Exercise 2 · Budget the interview"}
    full = sum(not v.fails for v in students.values())
    report = insights.text_report(summary)
    assert "what to reteach" in report and f"{CLASS_SIZE} students" in report
    assert sum(score == summary.exercise_points["Exercise 2 · Budget the interview"]
               for score in summary.exercise_scores["Exercise 2 · Budget the interview"].values()) >= full


def test_grading_again_replaces_a_students_rows(simulated_class):
    db, students = simulated_class
    before = [r for r in insights.load(db, ASSIGNMENT) if r["student"] == "s00"]
    insights.record(db, ASSIGNMENT, "framework", "s00", before)
    after = [r for r in insights.load(db, ASSIGNMENT) if r["student"] == "s00"]
    assert len(after) == len(before)


def test_make_insights_writes_the_chart_and_the_csv(simulated_class, tmp_path, capsys):
    db, students = simulated_class
    assert insights.main([ASSIGNMENT, "--db", db, "--out", str(tmp_path)]) == 0
    with open(tmp_path / "checks.csv") as f:
        assert len(list(csv.DictReader(f))) == len(insights.load(db, ASSIGNMENT))
    for png in ("checks.png", "scores.png"):
        assert (tmp_path / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "what to reteach" in capsys.readouterr().out
