"""An honest ``nbgrader validate``: run a notebook as the autograder will, score
every test cell, and exit non-zero unless every autograded point is earned.

    python -m course.grader.check release/02_caching/caching.ipynb
    make check NB=release/02_caching/caching.ipynb

(``nbgrader validate`` prints its verdict but always exits 0.)
"""
from __future__ import annotations

import argparse
import sys

from .autograde import grade_notebook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.grader.check", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--timeout", type=int, default=30, help="seconds per cell (default 30)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each test cell's messages")
    args = parser.parse_args(argv)

    all_full = True
    for path in args.notebooks:
        grades = grade_notebook(path, timeout=args.timeout, mode="validate")
        print(f"{path}: {grades.score:g} / {grades.max_score:g} autograded points")
        for cell in grades.cells:
            if cell.score is None:
                print(f"  ?  {cell.grade_id}: graded by hand ({cell.max_score:g} points)")
                continue
            mark = "ok " if cell.full else "FAIL"
            print(f"  {mark} {cell.grade_id}: {cell.score:g} / {cell.max_score:g}")
            if args.verbose or not cell.full:
                for line in cell.output.strip().splitlines():
                    print(f"       {line}")
        all_full &= all(c.full for c in grades.auto)
    print("All autograded tests pass." if all_full else "Some tests fail: see the messages above.")
    return 0 if all_full else 1


if __name__ == "__main__":
    sys.exit(main())
