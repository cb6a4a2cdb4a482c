"""Measure: ``make bench`` (both parts), ``make bench-autograde A=...``, ``make bench-suite``.

**Autograde.** For each chapter, a scratch course with 20 submissions (the
reference, the untouched stub, and the catalog's variants, repeated), graded
side by side, on this machine, in one run:

- *stock*: ``nbgrader autograde`` with a bare ``nbgrader_config.py`` (nbgrader's
  own Execute, one kernel per notebook, everything of the notebook executed);
- *course*: ``make autograde`` (the trusted grader, all cores, then nbgrader
  records the results);
- *serial*: the same engine, one notebook after another, to show the parallel
  batch gives every student the same scores.

It prints notebooks per second for both, the speed-up, and the median seconds
to grade one notebook.

**Suite.** Each lane of ``.ci/run`` timed, and the wall time each chapter costs
(each lane's wall time shared out by its tests' own durations, from JUnit reports;
``.ci/run`` prints the same for all its lanes).
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat

from course.grader import gradebook
from course.grader.release import ROOT, generate, nbgrader

sys.path.insert(0, str(ROOT / "tests"))
from harness import assignments, catalog, load, notebook_path, with_solutions  # noqa: E402

SUBMISSIONS = 20
BARE_CONFIG = '''c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "bench"
c.Execute.timeout = 60
'''


def class_of(assignment: str, release: Path, n: int = SUBMISSIONS) -> list:
    """n notebooks: the reference, the stub, then the catalog's variants, round and round."""
    name = notebook_path(assignment).name
    pool = [load(assignment), nbformat.read(release / assignment / name, as_version=4)]
    pool += [with_solutions(load(assignment), {v.name: v.code}) for v in catalog(assignment)]
    return [pool[i % len(pool)] for i in range(n)]


def make_course(root: Path, assignment: str, notebooks: list, config: str | None) -> None:
    generate([assignment], root)
    if config is not None:
        (root / "nbgrader_config.py").write_text(config)
    name = notebook_path(assignment).name
    for i, nb in enumerate(notebooks):
        folder = root / "submitted" / f"s{i:02d}" / assignment
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / name)


def bench_autograde(chosen: list[str], jobs: int) -> list[dict]:
    from course.grader import engine, nbgrader_plugins

    rows = []
    kind = nbgrader_plugins.grading_kind(False)
    for a in chosen:
        with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
            tmp = Path(tmp)
            release_probe = tmp / "probe"
            generate([a], release_probe)
            notebooks = class_of(a, release_probe / "release")
            stock, ours = tmp / "stock", tmp / "course"
            make_course(stock, a, notebooks, BARE_CONFIG)
            make_course(ours, a, notebooks, None)
            started = time.monotonic()
            nbgrader(["autograde", a], cwd=stock)
            stock_s = time.monotonic() - started
            started = time.monotonic()
            out = subprocess.run([sys.executable, "-m", "course.grader.batch", a, "--jobs", str(jobs)],
                                 cwd=ours, capture_output=True, text=True)
            ours_s = time.monotonic() - started
            if out.returncode != 0:
                raise RuntimeError(out.stdout + out.stderr)
            parallel = gradebook.total_scores(ours, a)
            medians = [float(x) for x in re.findall(r"\(([0-9.]+) s\)", out.stdout)]
            serial_engine = engine.Engine(kind)
            master = load(a)
            serial = {}     # student: (score, {grade_id: (score, the checks it failed)})
            for i, nb in enumerate(notebooks):
                report = serial_engine.grade(nb, master)
                serial[f"s{i:02d}"] = (round(report.score, 4),
                                       {gid: (round(t.score, 4), [c.name for c in t.checks if not c.passed])
                                        for gid, t in report.tests.items()})
            same = all(abs(parallel[s] - total) < 1e-6 for s, (total, _) in serial.items())
            if not same:   # say where: the student, each test cell that differs, the checks it failed serially
                cells, _ = gradebook.cell_scores(ours, a)
                for s in sorted(serial):
                    for gid, (score, failed) in serial[s][1].items():
                        got = cells.get(s, {}).get(gid)
                        if got is None or abs(got - score) > 1e-6:
                            print(f"   {s}: {gid} scored {got} in the parallel batch, {score} serially "
                                  f"(failed serially: {failed})", flush=True)
        rows.append({"assignment": a, "n": len(notebooks), "stock_s": stock_s, "ours_s": ours_s,
                     "median": statistics.median(medians) if medians else float("nan"), "same": same})
        r = rows[-1]
        print(f"{a:20s} stock {r['n'] / r['stock_s']:5.2f} nb/s   course {r['n'] / r['ours_s']:5.2f} nb/s   "
              f"x{r['stock_s'] / r['ours_s']:4.1f}   median {r['median']:.2f} s/notebook   "
              f"same scores as serial: {'yes' if same else 'NO'}", flush=True)
    return rows


def per_chapter(xml_files) -> dict[str, float]:
    """Wall seconds per chapter, from JUnit reports: in each report (one lane, or one part of
    one), a chapter's share of the summed test time, times the lane's wall time (the testsuite's
    own time). Tests that name no chapter (the grader's own properties, the hub) are "(shared)"."""
    out: dict[str, float] = {}
    for xml in xml_files:
        root = ET.parse(xml).getroot()
        suite = root if root.tag == "testsuite" else root.find("testsuite")
        per: dict[str, float] = {}
        for case in root.iter("testcase"):
            text = case.get("classname", "") + "." + case.get("name", "") + case.get("file", "")
            m = re.search(r"(\d\d_[a-z_]+)", text)
            key = m.group(1) if m else "(shared)"
            per[key] = per.get(key, 0.0) + float(case.get("time", 0))
        summed = sum(per.values())
        wall = float(suite.get("time", summed)) if suite is not None else summed
        for key, seconds in per.items():
            out[key] = out.get(key, 0.0) + (seconds * wall / summed if summed else 0.0)
    return out


def print_per_chapter(per: dict[str, float]) -> None:
    chapters = {k: v for k, v in per.items() if k != "(shared)"}
    print("wall seconds per chapter, all lanes in these reports (each lane's wall time shared out by "
          "its tests' time):")
    for chapter, seconds in sorted(chapters.items()):
        print(f"  {chapter:22s} {seconds:7.1f} s")
    if chapters:
        values = sorted(chapters.values())
        print(f"  {'median':22s} {statistics.median(values):7.1f} s   max {values[-1]:.1f} s   "
              f"over 90 s: {', '.join(k for k, v in sorted(chapters.items()) if v > 90) or 'none'}")
    if "(shared)" in per:
        print(f"  {'(shared: no chapter)':22s} {per['(shared)']:7.1f} s")


def bench_suite() -> None:
    lanes = [("make test (suite)", "test-suite"), ("make test (notebooks)", "test-notebooks"),
             ("make test-redis", "test-redis")]
    with tempfile.TemporaryDirectory() as tmp:
        for label, target in lanes:
            started = time.monotonic()
            proc = subprocess.run(["make", target, f"JUNIT={tmp}"], cwd=ROOT, capture_output=True, text=True)
            print(f"{label:26s} {time.monotonic() - started:7.1f} s  (exit {proc.returncode})", flush=True)
        print_per_chapter(per_chapter(Path(tmp).glob("*.xml")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.grader.bench")
    parser.add_argument("part", nargs="?", default="all", choices=["all", "autograde", "suite", "report"],
                        help="report DIR: time per chapter from the JUnit files make test JUNIT=DIR wrote")
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    if args.part == "report":
        print_per_chapter(per_chapter(Path(args.assignments[0]).glob("*.xml")))
        return 0
    if args.part in ("all", "autograde"):
        chosen = args.assignments or assignments()
        print(f"Autograde, {SUBMISSIONS} submissions per chapter, {args.jobs} workers, on {os.cpu_count()} cores:")
        rows = bench_autograde(chosen, args.jobs)
        stock = sum(r["stock_s"] for r in rows)
        ours = sum(r["ours_s"] for r in rows)
        n = sum(r["n"] for r in rows)
        print(f"{'all':20s} stock {n / stock:5.2f} nb/s   course {n / ours:5.2f} nb/s   x{stock / ours:4.1f}   "
              f"median {statistics.median(r['median'] for r in rows):.2f} s/notebook")
    if args.part in ("all", "suite"):
        bench_suite()
    return 0


if __name__ == "__main__":
    sys.exit(main())
