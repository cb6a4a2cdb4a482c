"""What nbgrader's gradebook says a class scored (``make bench``, the round-trip tests)."""
from __future__ import annotations

from pathlib import Path


def _gradebook(root: Path):
    from nbgrader.api import Gradebook

    return Gradebook(f"sqlite:///{root / 'gradebook.db'}")


def total_scores(root: Path, assignment: str) -> dict[str, float]:
    """{student: the submission's score}, rounded to 4 decimals."""
    with _gradebook(root) as gb:
        return {s.student.id: round(s.score, 4) for s in gb.assignment_submissions(assignment)}


def cell_scores(root: Path, assignment: str) -> tuple[dict[str, dict[str, float | None]], dict[str, float]]:
    """{student: {grade_id: auto_score}} and {grade_id: max_score}, graded code cells only."""
    scores: dict[str, dict[str, float | None]] = {}
    maxes: dict[str, float] = {}
    with _gradebook(root) as gb:
        for submission in gb.assignment_submissions(assignment):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.cell_type == "code":
                        scores.setdefault(submission.student.id, {})[grade.name] = grade.auto_score
                        maxes[grade.name] = grade.max_score
    return scores, maxes
