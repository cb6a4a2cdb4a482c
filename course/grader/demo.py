"""The instructor's round trip, on three simulated students: `make demo` (A=00_framework for one).

In a scratch course folder (demo/, rebuilt each run) it releases every
assignment, submits three students — `correct` (the reference solution),
`stub` (the release, untouched) and `partly-wrong` (the reference with one
exercise replaced by a plausible mistake from tests/catalogs) — autogrades
them, grades the hand-graded answers as a TA would in formgrader, generates
feedback, exports the gradebook to CSV, and prints the grade table.
"""
from __future__ import annotations

import csv
import os
import shutil
import sys
import time
from pathlib import Path

import nbformat

from course.grader.release import ROOT, generate, nbgrader  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from harness import assignments, catalog, load, notebook_path, with_solutions  # noqa: E402
from course.grader import batch  # noqa: E402

DEMO = ROOT / "demo"
MANUAL = {"correct": (1.0, "Clear scope and numbers, each tied to a design consequence."),
          "partly-wrong": (0.5, "Good functional questions; the non-functional ones need numbers.")}


def partly_wrong(assignment: str):
    """The reference, with the first catalogued exercise replaced by its first wrong variant."""
    for variant in catalog(assignment):
        if variant.kind == "wrong":
            return with_solutions(load(assignment), {variant.name: variant.code}), variant.id
    return load(assignment), "(no catalogued mistake: same as correct)"


def main() -> int:
    chosen = sys.argv[1:] or [a for a in os.environ.get("A", "").split() if a] or assignments()
    if DEMO.exists():
        shutil.rmtree(DEMO)
    t0 = time.perf_counter()
    print(f"Demo course in {DEMO.relative_to(ROOT)}/ — assignments: {', '.join(chosen)}")
    generate(chosen, DEMO)
    print("1. released (nbgrader generate_assignment)")

    for a in chosen:
        name = notebook_path(a).name
        wrong_nb, what = partly_wrong(a)
        submissions = {
            "correct": load(a),
            "stub": nbformat.read(DEMO / "release" / a / name, as_version=4),
            "partly-wrong": wrong_nb,
        }
        for student, nb in submissions.items():
            folder = DEMO / "submitted" / student / a
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, folder / name)
        print(f"2. {a}: submitted correct, stub, partly-wrong ({what})")

    for student in ("correct", "stub", "partly-wrong"):
        nbgrader(["db", "student", "add", student, f"--last-name={student}", "--first-name=Demo"], cwd=DEMO)
    for a in chosen:
        if batch.main([a, "--root", str(DEMO)]) != 0:
            raise SystemExit(f"make autograde failed for {a}")
    print("3. autograded (make autograde: the trusted grader, then nbgrader's gradebook)")

    graded = grade_by_hand(chosen)
    print(f"4. graded {graded} hand-graded answers, as a TA would in formgrader")

    for a in chosen:
        nbgrader(["generate_feedback", a], cwd=DEMO)
    pages = sorted(DEMO.glob("feedback/*/*/*.html"))
    print(f"5. feedback: {len(pages)} pages, e.g. {pages[0].relative_to(ROOT)}" if pages else "5. no feedback")

    out = DEMO / "grades.csv"
    nbgrader(["export", f"--to={out}"], cwd=DEMO)
    print(f"6. exported {out.relative_to(ROOT)}\n")
    print_table(out)
    print(f"\n{time.perf_counter() - t0:.0f} s. Browse it in formgrader: cd demo && ../.venv/bin/jupyter lab")
    return 0


def grade_by_hand(chosen: list[str]) -> int:
    from nbgrader.api import Gradebook

    count = 0
    with Gradebook(f"sqlite:///{DEMO / 'gradebook.db'}") as gb:
        for a in chosen:
            notebook = notebook_path(a).stem
            for cell in gb.find_notebook(notebook, a).grade_cells:
                if cell.cell_type != "markdown":
                    continue
                for student, (fraction, comment) in MANUAL.items():
                    grade = gb.find_grade(cell.name, notebook, a, student)
                    grade.manual_score = fraction * cell.max_score
                    gb.find_comment(cell.name, notebook, a, student).manual_comment = comment
                    count += 1
        gb.db.commit()
    return count


def print_table(csv_path: Path) -> None:
    rows = list(csv.DictReader(csv_path.open()))
    assignments_ = sorted({r["assignment"] for r in rows})
    students = ["correct", "partly-wrong", "stub"]
    width = max(12, *(len(a) for a in assignments_))
    print(f"{'assignment':<{width}}  " + "  ".join(f"{s:>14}" for s in students))
    for a in assignments_:
        cells = []
        for s in students:
            r = next(r for r in rows if r["assignment"] == a and r["student_id"] == s)
            cells.append(f"{float(r['score']):g} / {float(r['max_score']):g}")
        print(f"{a:<{width}}  " + "  ".join(f"{c:>14}" for c in cells))


if __name__ == "__main__":
    sys.exit(main())
