"""Generate student versions with ``nbgrader generate_assignment``, in a scratch course.

    python -m course.grader.release                 # regenerate every release/ folder
    python -m course.grader.release 02_caching      # just one
    python -m course.grader.release --check         # exit 1 if release/ differs from a fresh generation

Generating in a scratch copy keeps the course's gradebook out of it and makes
"release/ equals a fresh generation" something a test can check.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def nbgrader_env() -> dict[str, str]:
    """nbgrader shells out to ``alembic``: the venv's bin/ must lead PATH."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def nbgrader(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    cmd = [str(Path(sys.executable).parent / "nbgrader"), *args]
    proc = subprocess.run(cmd, cwd=cwd, env=nbgrader_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def make_scratch_course(dest: Path, assignments: list[str]) -> Path:
    """A course folder with the config, the package path and the given source folders."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    for a in assignments:
        shutil.copytree(ROOT / "source" / a, dest / "source" / a, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return dest


def generate(assignments: list[str], scratch: Path) -> Path:
    """Run generate_assignment for each; returns the scratch release/ folder."""
    make_scratch_course(scratch, assignments)
    for a in assignments:
        nbgrader(["generate_assignment", a, "--force"], cwd=scratch)
    return scratch / "release"


def all_assignments() -> list[str]:
    return sorted(p.name for p in (ROOT / "source").iterdir() if p.is_dir() and not p.name.startswith("."))


def differences(fresh: Path, committed: Path) -> list[str]:
    diffs = []
    for a in sorted(p.name for p in fresh.iterdir()):
        f_files = {p.relative_to(fresh / a) for p in (fresh / a).rglob("*") if p.is_file()}
        c_files = {p.relative_to(committed / a) for p in (committed / a).rglob("*") if p.is_file()} \
            if (committed / a).exists() else set()
        for rel in sorted(f_files | c_files):
            f, c = fresh / a / rel, committed / a / rel
            if not c.exists():
                diffs.append(f"release/{a}/{rel}: missing")
            elif not f.exists():
                diffs.append(f"release/{a}/{rel}: not generated from source/")
            elif f.read_bytes() != c.read_bytes():
                diffs.append(f"release/{a}/{rel}: differs from a fresh generation")
    return diffs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.grader.release")
    parser.add_argument("assignments", nargs="*", help="default: every folder in source/")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    names = args.assignments or all_assignments()
    with tempfile.TemporaryDirectory(prefix="course-release-") as tmp:
        fresh = generate(names, Path(tmp))
        if args.check:
            diffs = differences(fresh, ROOT / "release")
            for d in diffs:
                print(d)
            print("release/ is up to date" if not diffs else "run `make release` and commit the result")
            return 1 if diffs else 0
        for a in names:
            target = ROOT / "release" / a
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(fresh / a, target)
            print(f"release/{a} regenerated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
