"""A chapter's real nbgrader round trip, in a scratch course, as an instructor would run it.

``generate_assignment`` (the release), two students (``reference``, the source
notebook; ``stub``, the release untouched), ``make autograde`` (the trusted,
parallel grader writing nbgrader's gradebook), ``generate_feedback``.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course.grader import batch, gradebook
from course.grader.release import generate, nbgrader
from harness import load, notebook_path

STUDENTS = ("reference", "stub")


@dataclass
class RoundTrip:
    assignment: str
    root: Path
    scores: dict[str, dict[str, float | None]] = field(default_factory=dict)
    max_scores: dict[str, float] = field(default_factory=dict)
    feedback: dict[str, str] = field(default_factory=dict)

    @property
    def release(self) -> Path:
        return self.root / "release"


def run(assignment: str, scratch: Path) -> RoundTrip:
    rt = RoundTrip(assignment, scratch)
    generate([assignment], scratch)
    name = notebook_path(assignment).name
    submissions = {"reference": load(assignment),
                   "stub": nbformat.read(scratch / "release" / assignment / name, as_version=4)}
    for student, nb in submissions.items():
        folder = scratch / "submitted" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / name)
    code = batch.main([assignment, "--root", str(scratch), "--jobs", "2"])
    assert code == 0, f"make autograde failed for {assignment}"
    rt.scores, rt.max_scores = gradebook.cell_scores(scratch, assignment)
    nbgrader(["generate_feedback", assignment], cwd=scratch)
    for student in STUDENTS:
        page = scratch / "feedback" / student / assignment / name.replace(".ipynb", ".html")
        rt.feedback[student] = page.read_text() if page.exists() else ""
    return rt


def page_text(page: str) -> str:
    """Visible text of a feedback page (tags dropped, entities decoded)."""
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def split_regions(source: str, begin: str, end: str) -> tuple[list[str], list[str]]:
    """(lines outside the regions, lines inside them), stripped; marker lines in neither."""
    outside, inside, within = [], [], False
    for line in source.splitlines():
        if begin in line:
            within = True
        elif end in line:
            within = False
        else:
            (inside if within else outside).append(line.strip())
    return outside, inside
