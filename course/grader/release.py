"""Generate student versions with ``nbgrader generate_assignment``, in a scratch course.

    python -m course.grader.release                 # regenerate every release/ folder
    python -m course.grader.release 02_caching      # just one
    python -m course.grader.release --check         # exit 1 if release/ differs from a fresh generation
    python -m course.grader.release --course DIR 00_framework   # in a course folder of its own (the class hub)

Generating in a scratch copy keeps the course's gradebook out of it and makes
"release/ equals a fresh generation" something a test can check. Each generated
notebook is then tidied (``tidy_release``): a test cell's hidden region becomes one
comment line instead of a gap of blank lines, and the notebook carries the
``language_info`` the course's kernel reports, so JupyterLab opens it unmodified.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Where a test cell's hidden checks were, the student's copy says so in one line (nbgrader would
# leave the blank lines around the removed region, a gap of three or more).
HIDDEN_NOTE = "# (hidden checks: they run when the notebook is graded)"
HIDDEN_BEGIN, HIDDEN_END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"


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
    """Run generate_assignment for each, then tidy the student notebooks; returns the scratch release/ folder."""
    make_scratch_course(scratch, assignments)
    return generate_in(scratch, assignments)


def generate_in(course: Path, assignments: list[str]) -> Path:
    """generate_assignment in an existing course folder (its gradebook records each assignment),
    then the tidy step; returns its release/ folder."""
    for a in assignments:
        nbgrader(["generate_assignment", a, "--force"], cwd=course)
        for nb_path in sorted((course / "release" / a).rglob("*.ipynb")):
            source = course / "source" / a / nb_path.relative_to(course / "release" / a)
            if source.exists():
                tidy_release(nb_path, source)
    return course / "release"


def student_test_source(source: str) -> str:
    """A test cell as the student sees it: the hidden region replaced by one comment line
    (indented like its marker), and never more than one blank line in a row."""
    lines, hidden = [], False
    for line in source.split("\n"):
        if HIDDEN_BEGIN in line:
            hidden = True
            indent = line[:len(line) - len(line.lstrip())]
            while lines and not lines[-1].strip():
                lines.pop()
            lines += [""] if lines else []
            lines += [indent + HIDDEN_NOTE, ""]
        elif HIDDEN_END in line:
            hidden = False
        elif not hidden:
            lines.append(line)
    out = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line if line.strip() else "")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def kernel_language_info() -> dict:
    """The ``language_info`` the course's kernel (ipykernel on this venv's Python) reports: JupyterLab
    writes it into a notebook when its kernel starts, so a notebook carrying less opens modified."""
    from ipykernel.ipkernel import IPythonKernel

    return json.loads(json.dumps(IPythonKernel.language_info))


def tidy_release(nb_path: Path, source_path: Path) -> None:
    """Post-process one generated student notebook in place: hidden-test gaps, kernel metadata."""
    import nbformat
    from nbgrader import utils

    nb = nbformat.read(nb_path, as_version=4)
    source_cells = {c.get("id"): c for c in nbformat.read(source_path, as_version=4).cells}
    for cell in nb.cells:
        if cell.cell_type != "code" or not utils.is_grade(cell) or utils.is_solution(cell):
            continue
        original = source_cells.get(cell.get("id"))
        text = original.source if original is not None and HIDDEN_BEGIN in original.source else cell.source
        tidy = student_test_source(text)
        if tidy != cell.source:
            cell.source = tidy
            if "checksum" in cell.metadata.get("nbgrader", {}):
                cell.metadata.nbgrader["checksum"] = utils.compute_checksum(cell)
    nb.metadata["language_info"] = kernel_language_info()
    nbformat.write(nb, nb_path)


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
            elif f.read_bytes() != c.read_bytes() and _comparable(f) != _comparable(c):
                diffs.append(f"release/{a}/{rel}: differs from a fresh generation")
    return diffs


def _comparable(path: Path):
    """A file's content for the comparison: a notebook without the Python patch version its
    ``language_info`` names (a machine with another 3.11.x generates the same release)."""
    if path.suffix != ".ipynb":
        return path.read_bytes()
    data = json.loads(path.read_text())
    data.get("metadata", {}).get("language_info", {}).pop("version", None)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.grader.release")
    parser.add_argument("assignments", nargs="*", help="default: every folder in source/")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--course", type=Path, help="generate in this course folder (with its own source/ "
                        "and gradebook), as an instructor does on the class hub")
    args = parser.parse_args(argv)
    if args.course:
        names = args.assignments or sorted(p.name for p in (args.course / "source").iterdir() if p.is_dir())
        generate_in(args.course.resolve(), names)
        print(f"generated {', '.join(names)} in {args.course}/release")
        return 0
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
