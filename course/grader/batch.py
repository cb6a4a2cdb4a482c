"""Autograde a whole class in parallel: ``make autograde A=02_caching JOBS=4``.

    python -m course.grader.batch 02_caching [--jobs N] [--force] [--student ID ...] [--unsafe]

Run from the course folder (the one with ``nbgrader_config.py``). Two phases:

1. **Grade** every submission of the assignment with the trusted engine, ``N``
   notebooks at a time (default: all cores), each in its own sandbox, with a
   progress bar. Results go to a cache private to this run.
2. **Record**: ``nbgrader autograde`` runs as usual (gradebook, autograded/
   folder, late penalties), with a progress bar of its own, and its grading step
   (``TrustedExecute``) finds each notebook's result in the cache instead of
   grading it again (a notebook the cache lacks, one submitted meanwhile, it
   grades). It is started with the grading, so that its start-up overlaps it,
   but records nothing until the grading is over (see
   :func:`nbgrader_plugins.cached_report`): the grading keeps every core busy,
   and nbgrader recording beside it, even at idle priority, took the graders'
   CPU and saved no time.

Scores are those of a serial ``nbgrader autograde``: the cache is keyed by the
exact bytes of the submission and of the source notebook, and a notebook's
grade depends on nothing else (no other student, no order). Only time limits
feel the machine's load: a notebook where a check ran out of time while others
were being graded is graded again, alone, before it is recorded.
"""
from __future__ import annotations

import argparse
import multiprocessing
import multiprocessing.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from . import nbgrader_plugins

_ENGINE = None
_FINAL = True       # whether a result with a time-out is final (False while notebooks are graded in parallel)


def _worker_init(kind: str, budget: float, final: bool = True, warm: bool = True, slots=None) -> None:
    global _ENGINE, _FINAL
    from .engine import Engine

    if slots is not None:
        _pin(slots)

    _ENGINE = Engine(kind, budget, warm=warm)
    _FINAL = final
    # when the pool is closed, the worker stops its spare student process and removes its folder
    multiprocessing.util.Finalize(_ENGINE, _ENGINE.close, exitpriority=10)


def _pin(slots) -> None:
    """Keep this worker, and the student processes it starts (they inherit it), on one core of its
    own: the next free one of those this process may use. A grader and its student take turns (one
    waits for the other's answer, thousands of times a notebook), so a pair needs one core; on one
    core each hand-over stays in that core's caches instead of waking the other process on whichever
    core is free (chapter 12, 2 workers on 2 cores: median 1.15-1.20 -> 1.00-1.10 s per notebook).
    The recording, at idle priority, goes wherever a core is idle. Pinning needs no privilege; where
    it is refused, the worker runs unpinned."""
    with slots.get_lock():
        index = slots.value
        slots.value += 1
    try:
        cpus = sorted(os.sched_getaffinity(0))
        if index < len(cpus):
            os.sched_setaffinity(0, {cpus[index]})
    except (AttributeError, OSError):
        pass


def _grade_one(task: tuple[str, str, str, str]) -> tuple[str, float, float, float, dict, int]:
    student, submitted, master, cache = task
    started = time.monotonic()
    sub_bytes, master_bytes = Path(submitted).read_bytes(), Path(master).read_bytes()
    nb = nbformat.reads(sub_bytes.decode("utf-8"), as_version=4)
    report = _ENGINE.grade(nb, nbformat.reads(master_bytes.decode("utf-8"), as_version=4))
    if _FINAL or not report.timeouts:   # (one that ran out of time in parallel is graded again, alone)
        key = nbgrader_plugins.cache_key(sub_bytes, master_bytes, _ENGINE.kind)
        nbgrader_plugins.write_cached_report(Path(cache), key, report)
    return student, report.score, report.max_score, time.monotonic() - started, report.flags, report.timeouts


def _usable_cpus() -> set[int]:
    try:
        return os.sched_getaffinity(0)
    except AttributeError:
        return set()


def submissions(root: Path, assignment: str, students: list[str] | None = None) -> list[tuple[str, Path, Path]]:
    """(student, submitted notebook, source notebook) for every submitted notebook of ``assignment``."""
    out = []
    for folder in sorted((root / "submitted").glob(f"*/{assignment}")):
        student = folder.parent.name
        if students and student not in students:
            continue
        for nb in sorted(folder.glob("*.ipynb")):
            master = root / "source" / assignment / nb.name
            if master.exists():
                out.append((student, nb, master))
    return out


class Progress:
    """A one-line progress bar with rate and ETA, on stderr."""

    def __init__(self, total: int, label: str):
        self.total, self.label, self.done = total, label, 0
        self.started = time.monotonic()
        self.tty = sys.stderr.isatty()

    def step(self) -> None:
        self.done += 1
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        line = (f"{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                f"{rate:.1f} notebooks/s, ETA {eta:.0f} s")
        if self.tty:
            sys.stderr.write("\r" + line + ("\n" if self.done == self.total else ""))
        elif self.done == self.total or self.done % max(1, self.total // 10) == 0:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


def grade_all(root: Path, assignment: str, jobs: int, kind: str, cache: Path, budget: float,
              students: list[str] | None = None) -> list[tuple[str, float, float, float, dict]]:
    tasks = [(s, str(sub), str(master), str(cache)) for s, sub, master in submissions(root, assignment, students)]
    progress = Progress(len(tasks), f"grading {assignment}")
    results = []
    if not tasks:
        return results
    ctx = multiprocessing.get_context("forkserver")
    workers = min(jobs, len(tasks))
    # one core per worker while there are enough of them (more workers than cores: the system places them)
    slots = ctx.Value("i", 0) if 1 < workers <= len(_usable_cpus()) else None
    with ctx.Pool(workers, initializer=_worker_init, initargs=(kind, budget, jobs == 1, True, slots)) as pool:
        for result in pool.imap_unordered(_grade_one, tasks):
            results.append(result)
            progress.step()
        pool.close()            # workers end on their own (their spares stopped), not terminated
        pool.join()
    # A check that ran out of time while other notebooks were being graded might not have alone:
    # such a notebook is graded again with no other notebook being graded, so its score is the one a serial
    # run gives (its cached result, read by the recording step, is replaced).
    again = {r[0] for r in results if r[5]} if jobs > 1 else set()
    if again:
        print(f"grading again, one at a time, {len(again)} notebook(s) where a check ran out of time "
              f"under parallel load: {', '.join(sorted(again))}", file=sys.stderr)
        # (alone: no spare sandbox starting beside it either)
        with ctx.Pool(1, initializer=_worker_init, initargs=(kind, budget, True, False)) as pool:
            redone = pool.map(_grade_one, [t for t in tasks if t[0] in again])
            pool.close()
            pool.join()
        results = [r for r in results if r[0] not in again] + redone
    return results


def record(root: Path, assignment: str, cache: Path, everyone: list[str], chosen: list[str] | None,
           force: bool, jobs: int) -> tuple[subprocess.CompletedProcess, int]:
    """Phase 2, after the grading: see :func:`start_recording`."""
    return finish_recording(start_recording(root, assignment, cache, everyone, chosen, force, jobs))


RECORDED_LINE = b"] Autograding "     # what nbgrader logs as it records each notebook


def start_recording(root: Path, assignment: str, cache: Path, everyone: list[str], chosen: list[str] | None,
                    force: bool, jobs: int) -> list[subprocess.Popen]:
    """Phase 2: ``nbgrader autograde`` records the cached results. A gradebook on a server
    (PostgreSQL on the class hub) takes ``jobs`` nbgrader processes at once, each with its share of
    the students; SQLite, which locks the whole file per write, gets one. Students are chosen with
    ``student_id_exclude`` (nbgrader's ``--student`` takes one pattern: a repeated flag keeps the last)."""
    from .insights import default_db

    wanted = [s for s in everyone if not chosen or s in chosen]
    server_db = not default_db(root).startswith("sqlite")
    shares = [wanted[i::jobs] for i in range(jobs)] if server_db and jobs > 1 else [wanted]
    shares = [share for share in shares if share] or [[]]
    env = dict(os.environ, **{nbgrader_plugins.CACHE_ENV: str(cache)})
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    base = [str(Path(sys.executable).parent / "nbgrader"), "autograde", assignment] + (["--force"] if force else [])
    procs = []
    for i, share in enumerate(shares):
        others = sorted(set(everyone) - set(share))
        cmd = base + ([f"--CourseDirectory.student_id_exclude={','.join(others)}"] if others else [])
        # its output goes to a file, not a pipe: the progress bar reads it as it grows, and a full pipe
        # (a large class's log lines) would stop the recording
        log = cache / f"recording-{i}.log"
        with open(log, "w") as out:
            proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
        proc.log = log
        procs.append(proc)
    return procs


def finish_recording(procs: list[subprocess.Popen], progress: Progress | None = None,
                     poll: float = 0.2) -> tuple[subprocess.CompletedProcess, int]:
    """Wait for the recording processes: the first that failed (or the first), and how many there were.
    ``progress`` steps once per notebook their logs say they recorded."""
    if progress is not None:
        while True:
            running = [p.poll() is None for p in procs]
            recorded = 0
            for p in procs:
                try:
                    with open(p.log, "rb") as f:
                        recorded += f.read().count(RECORDED_LINE)
                except OSError:
                    pass
            while progress.done < min(recorded, progress.total):
                progress.step()
            if not any(running):
                break
            time.sleep(poll)
        if progress.tty and progress.done < progress.total:
            sys.stderr.write("\n")
    results = []
    for p in procs:
        p.communicate()
        out = Path(p.log).read_text(errors="replace") if Path(p.log).exists() else ""
        results.append(subprocess.CompletedProcess(p.args, p.returncode, out, ""))
    failed = [r for r in results if r.returncode != 0]
    return (failed[0] if failed else results[0]), len(procs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.grader.batch", description=__doc__.splitlines()[0])
    parser.add_argument("assignment")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="notebooks graded at once (default: all cores)")
    parser.add_argument("--student", action="append", help="only these students (repeatable)")
    parser.add_argument("--force", action="store_true", help="passed to nbgrader autograde (grade again)")
    parser.add_argument("--unsafe", action="store_true",
                        help="where bubblewrap cannot run, grade without the sandbox (student code runs with your rights)")
    parser.add_argument("--budget", type=float, default=180.0, help="seconds of grading per notebook")
    parser.add_argument("--root", default=".", help="the course folder (default: here)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    if args.unsafe:
        os.environ["COURSE_GRADER_UNSAFE"] = "1"
    kind = nbgrader_plugins.grading_kind(args.unsafe)
    if kind != "sandbox":
        print("WARNING: grading WITHOUT the sandbox: student code runs with your rights", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="course-grading-cache-") as cache:
        cache = Path(cache)
        # every student folder nbgrader will see (not only those with a gradable notebook): each one
        # must be in exactly one share, or two recording processes would grade it at once
        everyone = sorted(p.parent.name for p in (root / "submitted").glob(f"*/{args.assignment}") if p.is_dir())
        started = time.monotonic()
        (cache / nbgrader_plugins.GRADING_MARK).write_text(str(os.getpid()))   # nbgrader waits for it to go
        recorders = start_recording(root, args.assignment, cache, everyone, args.student, args.force, args.jobs)
        try:
            try:
                results = grade_all(root, args.assignment, args.jobs, kind, cache, args.budget, args.student)
            finally:
                (cache / nbgrader_plugins.GRADING_MARK).unlink(missing_ok=True)
            graded = time.monotonic() - started
            proc, writers = finish_recording(recorders, Progress(len(results), f"recording {args.assignment}"))
        except BaseException:
            for p in recorders:
                p.kill()
            raise
        recorded = time.monotonic() - started - graded
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        print(f"nbgrader autograde failed ({proc.returncode})", file=sys.stderr)
        return proc.returncode
    seconds = [r[3] for r in results]
    for student, score, max_score, secs, flags, _timeouts in sorted(results):
        flag = f"  flagged: {'; '.join(f'{k}: {v}' for k, v in flags.items())}" if flags else ""
        print(f"  {student:20s} {score:6.2f} / {max_score:g}   ({secs:.2f} s){flag}")
    if seconds:
        print(f"graded {len(results)} notebooks in {graded:.1f} s with {args.jobs} workers "
              f"({len(results) / graded:.2f} notebooks/s; median {statistics.median(seconds):.2f} s per notebook); "
              f"nbgrader recorded them in {recorded:.1f} s"
              + (f" ({writers} processes writing the gradebook at once)" if writers > 1 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
