"""Benchmark (not a test): seconds to autograde each notebook, and for `make test`.

    make bench                      # every assignment, plus a full `make test`
    python tests/bench.py --no-make-test 02_caching

For each assignment, in a scratch course: one real `nbgrader autograde` of the
reference submission (wall time, including nbgrader's own start-up), and the
notebook's execution alone (kernel start + cells, as `course.grader.check` runs it).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from course.grader.autograde import grade_notebook  # noqa: E402
from course.grader.release import ROOT, generate, nbgrader  # noqa: E402
from harness import assignments, load, notebook_path  # noqa: E402


def bench_assignment(a: str, scratch: Path) -> tuple[float, float, float]:
    generate([a], scratch)
    folder = scratch / "submitted" / "reference" / a
    folder.mkdir(parents=True)
    nbformat.write(load(a), folder / notebook_path(a).name)
    t0 = time.perf_counter()
    nbgrader(["autograde", a], cwd=scratch)
    autograde = time.perf_counter() - t0
    t0 = time.perf_counter()
    grades = grade_notebook(notebook_path(a))
    execute = time.perf_counter() - t0
    return autograde, execute, grades.max_score


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--no-make-test", action="store_true")
    args = parser.parse_args()
    names = args.assignments or assignments()
    print(f"{'assignment':<18} {'autograde s':>12} {'execute s':>10} {'points':>7}")
    total = 0.0
    for a in names:
        with tempfile.TemporaryDirectory(prefix=f"bench-{a}-") as tmp:
            autograde, execute, points = bench_assignment(a, Path(tmp))
        total += autograde
        print(f"{a:<18} {autograde:>12.1f} {execute:>10.1f} {points:>7g}", flush=True)
    print(f"{'all notebooks':<18} {total:>12.1f}")
    print("autograde s: one `nbgrader autograde` of one student, nbgrader's own start-up included;")
    print("execute s: the notebook alone (kernel start + cells), about what each further student of a batch costs")
    if not args.no_make_test:
        t0 = time.perf_counter()
        proc = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True)
        last = (proc.stdout.strip().splitlines() or ["?"])[-1]
        print(f"make test: {time.perf_counter() - t0:.0f} s, exit {proc.returncode}: {last}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
