"""Class insights: which checks a class fails, and what to reteach. ``make insights A=02_caching``.

    python -m course.grader.insights 02_caching [--root .] [--db URL] [--out insights/02_caching]

**Recording.** Every time the trusted grader grades a notebook inside nbgrader
(``TrustedExecute``), it writes one row per check into the table
``course_check_results`` of the gradebook's own database (``CourseDirectory.db_url``:
SQLite by default, PostgreSQL on a JupyterHub): chapter, notebook, student,
exercise, test cell, check name, visible or hidden, passed, the check's weight,
the cell's points and score, and the first line of the failure message. Grading
a notebook again replaces its rows.

**Reading.** For one assignment, over the students graded:

- per exercise, the share of the class that passed each check, sorted by
  failure rate (a table, and a horizontal bar chart ``checks.png``);
- for the worst checks, the most common failure messages with how many
  students hit each;
- the distribution of scores per exercise (``scores.png``);
- a CSV of every row (``checks.csv``).

In a notebook: ``from course.grader import insights; insights.show("02_caching")``
draws the same chart inline.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

TABLE = "course_check_results"
COLUMNS = ("assignment", "notebook", "student", "exercise", "grade_id", "cell_title", "check_name",
           "hidden", "passed", "weight", "cell_points", "cell_score", "message")
EXERCISE = re.compile(r"^#{1,3}\s*(Exercise\b.*)$")


# -- recording ----------------------------------------------------------------------------------------
def exercises_of(master) -> dict[str, str]:
    """grade_id of each test cell -> the title of the exercise it belongs to (the nearest
    preceding '## Exercise ...' heading of the source notebook; the cell's own title otherwise)."""
    out, current = {}, None
    for cell in master.cells:
        source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
        if cell.cell_type == "markdown":
            first = source.strip().splitlines()[0] if source.strip() else ""
            m = EXERCISE.match(first)
            if m:
                current = re.sub(r"\s*\(.*?\)\s*$", "", m.group(1)).strip()
            elif first.startswith("## "):
                current = None
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and meta.get("grade_id"):
            out[meta["grade_id"]] = current or ""
    return out


def rows_of(assignment: str, notebook: str, student: str, report, exercises: dict[str, str]) -> list[dict]:
    rows = []
    for gid, test in report.tests.items():
        exercise = exercises.get(gid) or test.title or gid
        checks = test.checks or []
        if not checks:      # a cell that did not run its checks at all: one row for the cell
            rows.append(dict(assignment=assignment, notebook=notebook, student=student, exercise=exercise,
                             grade_id=gid, cell_title=test.title, check_name="(the cell as a whole)",
                             hidden=False, passed=test.score >= test.points - 1e-9, weight=1.0,
                             cell_points=test.points, cell_score=test.score,
                             message=_first_line(test.flag or test.output)))
            continue
        for c in checks:
            rows.append(dict(assignment=assignment, notebook=notebook, student=student, exercise=exercise,
                             grade_id=gid, cell_title=test.title, check_name=c.name, hidden=bool(c.hidden),
                             passed=bool(c.passed), weight=float(c.weight), cell_points=float(test.points),
                             cell_score=float(test.score), message="" if c.passed else _first_line(c.message)))
    return rows


def _first_line(text: str) -> str:
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def _table(metadata):
    from sqlalchemy import Boolean, Column, Float, Integer, String, Table, Text

    return Table(TABLE, metadata,
                 Column("id", Integer, primary_key=True, autoincrement=True),
                 Column("assignment", String(128), nullable=False, index=True),
                 Column("notebook", String(128), nullable=False),
                 Column("student", String(128), nullable=False),
                 Column("exercise", Text, nullable=False),
                 Column("grade_id", String(128), nullable=False),
                 Column("cell_title", Text, nullable=False),
                 Column("check_name", Text, nullable=False),
                 Column("hidden", Boolean, nullable=False),
                 Column("passed", Boolean, nullable=False),
                 Column("weight", Float, nullable=False),
                 Column("cell_points", Float, nullable=False),
                 Column("cell_score", Float, nullable=False),
                 Column("message", Text, nullable=False))


def record(db_url: str, assignment: str, notebook: str, student: str, rows: list[dict]) -> None:
    """Replace the rows of one graded notebook (one transaction)."""
    from sqlalchemy import MetaData, create_engine

    engine = create_engine(db_url)
    try:
        table = _table(MetaData())
        table.create(engine, checkfirst=True)
        with engine.begin() as conn:
            conn.execute(table.delete().where(table.c.assignment == assignment)
                         .where(table.c.notebook == notebook).where(table.c.student == student))
            if rows:
                conn.execute(table.insert(), rows)
    finally:
        engine.dispose()


def load(db_url: str, assignment: str) -> list[dict]:
    from sqlalchemy import MetaData, create_engine, inspect, select

    engine = create_engine(db_url)
    try:
        if not inspect(engine).has_table(TABLE):
            return []
        table = _table(MetaData())
        with engine.connect() as conn:
            result = conn.execute(select(*[table.c[k] for k in COLUMNS])
                                  .where(table.c.assignment == assignment).order_by(table.c.id))
            return [dict(r._mapping) for r in result]
    finally:
        engine.dispose()


# -- reading ------------------------------------------------------------------------------------------
@dataclass
class CheckStat:
    exercise: str
    grade_id: str
    check_name: str
    hidden: bool
    students: int = 0
    passed: int = 0
    messages: Counter = field(default_factory=Counter)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.students if self.students else 0.0


@dataclass
class Summary:
    assignment: str
    students: list[str]
    checks: list[CheckStat]                       # sorted: worst pass rate first
    exercise_scores: dict[str, dict[str, float]]  # exercise -> student -> points earned
    exercise_points: dict[str, float]             # exercise -> points available

    def worst(self, n: int = 5) -> list[CheckStat]:
        return [c for c in self.checks if c.passed < c.students][:n]


def summarize(rows: list[dict], assignment: str = "") -> Summary:
    stats: dict[tuple, CheckStat] = {}
    cells: dict[tuple, tuple] = {}                # (student, notebook, grade_id) -> (exercise, points, score)
    for r in rows:
        key = (r["exercise"], r["grade_id"], r["check_name"])
        st = stats.setdefault(key, CheckStat(r["exercise"], r["grade_id"], r["check_name"], bool(r["hidden"])))
        st.students += 1
        if r["passed"]:
            st.passed += 1
        elif r["message"]:
            st.messages[r["message"]] += 1
        cells[(r["student"], r["notebook"], r["grade_id"])] = (r["exercise"], r["cell_points"], r["cell_score"])
    students = sorted({r["student"] for r in rows})
    scores: dict[str, dict[str, float]] = defaultdict(lambda: {s: 0.0 for s in students})
    points: dict[str, float] = defaultdict(float)
    seen_cells = set()
    for (student, notebook, gid), (exercise, cell_points, cell_score) in cells.items():
        scores[exercise][student] += cell_score
        if (notebook, gid) not in seen_cells:
            seen_cells.add((notebook, gid))
            points[exercise] += cell_points
    order = sorted(stats.values(), key=lambda c: (c.pass_rate, c.exercise, c.grade_id, c.check_name))
    return Summary(assignment, students, order, dict(scores), dict(points))


def text_report(summary: Summary, top_messages: int = 3) -> str:
    lines = [f"{summary.assignment}: {len(summary.students)} students, {len(summary.checks)} checks",
             "", "passed  check (exercise / test cell)  [hidden]"]
    for c in summary.checks:
        lines.append(f"{c.pass_rate:6.0%}  {c.check_name}  ({c.exercise} / {c.grade_id})"
                     + ("  [hidden]" if c.hidden else ""))
    worst = summary.worst()
    if worst:
        lines += ["", "what to reteach: the most common failure messages of the worst checks"]
        for c in worst:
            lines.append(f"- {c.check_name}: failed by {c.students - c.passed} of {c.students}")
            for message, n in c.messages.most_common(top_messages):
                lines.append(f"    {n:3d} × {message}")
    lines += ["", "scores per exercise (median, and students with full marks)"]
    for exercise, by_student in summary.exercise_scores.items():
        values = sorted(by_student.values())
        full = sum(v >= summary.exercise_points[exercise] - 1e-9 for v in values)
        median = values[len(values) // 2] if values else 0.0
        lines.append(f"  {exercise}: median {median:g} / {summary.exercise_points[exercise]:g}, "
                     f"{full} of {len(values)} full")
    return "\n".join(lines)


def write_csv(rows: list[dict], path: Path) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(COLUMNS))
        writer.writeheader()
        for r in rows:
            writer.writerow({k: r[k] for k in COLUMNS})


def checks_figure(summary: Summary):
    """A horizontal bar per check: the share of the class that passed it, worst at the top."""
    import matplotlib.pyplot as plt

    checks = summary.checks
    height = max(2.5, 0.32 * len(checks) + 1.2)
    fig, ax = plt.subplots(figsize=(10, height))
    labels = [_short(f"{c.exercise}: {c.check_name}") + (" (hidden)" if c.hidden else "") for c in checks]
    rates = [100 * c.pass_rate for c in checks]
    colors = ["#c0392b" if r < 50 else "#e67e22" if r < 80 else "#27ae60" for r in rates]
    ax.barh(range(len(checks)), rates, color=colors)
    ax.set_yticks(range(len(checks)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("students who passed the check (%)")
    ax.set_title(f"{summary.assignment}: {len(summary.students)} students, worst checks first", loc="left")
    for y, r in enumerate(rates):
        ax.text(min(r + 1, 92), y, f"{r:.0f} %", va="center", fontsize=7)
    fig.tight_layout()
    return fig


def scores_figure(summary: Summary):
    import matplotlib.pyplot as plt

    exercises = list(summary.exercise_scores)
    fig, axes = plt.subplots(1, max(1, len(exercises)), figsize=(3.2 * max(1, len(exercises)), 2.8), squeeze=False)
    for ax, exercise in zip(axes[0], exercises):
        values = list(summary.exercise_scores[exercise].values())
        top = summary.exercise_points[exercise]
        ax.hist(values, bins=min(10, max(1, int(top * 2) + 1)), range=(0, top or 1), color="#2c7fb8")
        ax.set_title(_short(exercise, 34), fontsize=9)
        ax.set_xlabel(f"points (of {top:g})")
        ax.set_ylabel("students")
    fig.tight_layout()
    return fig


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def default_db(root: Path) -> str:
    """The gradebook's URL, from the course's nbgrader_config.py when it sets one."""
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    if (root / "nbgrader_config.py").exists():
        config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    return CourseDirectory(config=config).db_url


def show(assignment: str, root: str = ".", db: str | None = None):
    """In a notebook: the check chart and the text report of ``assignment``."""
    rows = load(db or default_db(Path(root).resolve()), assignment)
    summary = summarize(rows, assignment)
    print(text_report(summary))
    return checks_figure(summary) if rows else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.grader.insights", description=__doc__.splitlines()[0])
    parser.add_argument("assignment")
    parser.add_argument("--root", default=".", help="the course folder (default: here; `demo` after make demo)")
    parser.add_argument("--db", help="the gradebook's database URL (default: the course's)")
    parser.add_argument("--out", help="where to write checks.csv, checks.png, scores.png (default: insights/<A>)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    db = args.db or default_db(root)
    rows = load(db, args.assignment)
    if not rows and not args.db and args.root == "." and (Path("demo") / "gradebook.db").exists():
        print("(no grading recorded here: showing make demo's class in demo/)")
        root = Path("demo").resolve()
        db = default_db(root)
        rows = load(db, args.assignment)
    if not rows:
        print(f"no check results recorded for {args.assignment} in {db}: autograde it first "
              f"(make autograde A={args.assignment}, or make demo A={args.assignment})", file=sys.stderr)
        return 1
    summary = summarize(rows, args.assignment)
    print(text_report(summary))
    import matplotlib

    matplotlib.use("Agg")       # files only, from the command line
    out = Path(args.out or Path("insights") / args.assignment)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(rows, out / "checks.csv")
    checks_figure(summary).savefig(out / "checks.png", dpi=110, bbox_inches="tight")
    scores_figure(summary).savefig(out / "scores.png", dpi=110, bbox_inches="tight")
    print(f"\nwrote {out / 'checks.csv'} ({len(rows)} rows), {out / 'checks.png'}, {out / 'scores.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
