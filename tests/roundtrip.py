"""An nbgrader round trip in a scratch course, for the assignment-wide grading rules.

One batch per assignment: generate_assignment, then five simulated students —
``reference`` (the source notebook), ``stub`` (the release, untouched),
``noisy`` (the reference, but every solution function writes to stderr, logs
a warning through a handler bound to the real stderr, and warns), ``hang``
(the first solution cell never finishes) and ``crash`` (the first solution
cell calls ``os._exit``) — autograded twice, then feedback generated.
"""
from __future__ import annotations

import ast
import copy
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader import utils

from course.grader.release import generate, nbgrader
from harness import load, notebook_path

EXECUTE_TIMEOUT = 10  # seconds per cell in these batches; the hang costs this once

NOISY_PRELUDE = '''
import functools as _ft, logging as _lg, sys as _sys, warnings as _wn
_lg.basicConfig(level=_lg.WARNING)  # a handler bound to the kernel's real stderr
_lg.getLogger("student").warning("student code is about to define things")
'''

NOISY_WRAP = '''
def _noisy(_fn, _calls=[0]):
    @_ft.wraps(_fn)
    def _wrapper(*args, **kwargs):
        _calls[0] += 1
        if _calls[0] <= 3:
            print(f"debug: {_fn.__qualname__} called", file=_sys.stderr)
            _lg.getLogger("student").warning("%s called", _fn.__qualname__)
            _wn.warn(f"{_fn.__qualname__} is experimental")
        return _fn(*args, **kwargs)
    return _wrapper
for _name in {names!r}:
    _obj = globals()[_name]
    if isinstance(_obj, type):
        for _attr, _val in list(vars(_obj).items()):
            if callable(_val) and type(_val).__name__ == "function" and (
                    not _attr.startswith("_") or _attr in ("__init__", "__len__", "__contains__")):
                setattr(_obj, _attr, _noisy(_val))
    elif type(_obj).__name__ == "function":
        globals()[_name] = _noisy(_obj)
'''

STUDENTS = ("reference", "stub", "noisy", "hang", "crash")


def defined_names(source: str) -> list[str]:
    """Top-level functions and classes a cell defines (assignments too, for the crash/hang rule)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
    return names


def solution_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and utils.is_solution(c)]


def make_noisy(nb):
    nb = copy.deepcopy(nb)
    cells = solution_cells(nb)
    for i, cell in enumerate(cells):
        callables = [n for n in defined_names(cell.source)
                     if re.search(rf"^(def|class)\s+{n}\b", cell.source, re.M)]
        prelude = NOISY_PRELUDE if i == 0 else ""
        wrap = NOISY_WRAP.replace("{names!r}", repr(callables)) if callables else ""
        cell.source = prelude + cell.source + "\n" + wrap
    return nb


def first_poisonable(nb):
    return next(c for c in solution_cells(nb) if defined_names(c.source))


def make_poisoned(nb, poison: str):
    nb = copy.deepcopy(nb)
    cell = first_poisonable(nb)
    cell.source = cell.source + "\n" + poison
    return nb


def poisoned_names(nb) -> set[str]:
    """Names the poisoned cell defines, and every solution name built on them."""
    affected = set(defined_names(first_poisonable(nb).source))
    grew = True
    while grew:
        grew = False
        for cell in solution_cells(nb):
            names = set(defined_names(cell.source)) - affected
            if names and any(re.search(rf"\b{re.escape(n)}\b", cell.source) for n in affected):
                affected |= names
                grew = True
    return affected


@dataclass
class RoundTrip:
    assignment: str
    root: Path
    scores: dict[str, dict[str, float | None]] = field(default_factory=dict)
    rescores: dict[str, dict[str, float | None]] = field(default_factory=dict)
    max_scores: dict[str, float] = field(default_factory=dict)
    feedback: dict[str, str] = field(default_factory=dict)
    autograde_log: str = ""

    @property
    def release(self) -> Path:
        return self.root / "release"


def read_scores(root: Path, assignment: str) -> tuple[dict, dict]:
    """{student: {grade_id: auto_score}} and {grade_id: max_score}, autograded code cells only."""
    from nbgrader.api import Gradebook

    scores: dict[str, dict[str, float | None]] = {}
    maxes: dict[str, float] = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for submission in gb.assignment_submissions(assignment):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.cell_type == "code":
                        scores.setdefault(submission.student.id, {})[grade.name] = grade.auto_score
                        maxes[grade.name] = grade.max_score
    return scores, maxes


def run(assignment: str, scratch: Path) -> RoundTrip:
    rt = RoundTrip(assignment, scratch)
    generate([assignment], scratch)
    source = load(assignment)
    release = nbformat.read(scratch / "release" / assignment / notebook_path(assignment).name, as_version=4)
    submissions = {
        "reference": source,
        "stub": release,
        "noisy": make_noisy(source),
        "hang": make_poisoned(source, "while True:\n    pass\n"),
        "crash": make_poisoned(source, "import os\nos._exit(1)\n"),
    }
    name = notebook_path(assignment).name
    for student, nb in submissions.items():
        folder = scratch / "submitted" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / name)
    timeout = [f"--Execute.timeout={EXECUTE_TIMEOUT}"]
    proc = nbgrader(["autograde", assignment, *timeout], cwd=scratch)
    rt.autograde_log = proc.stderr
    rt.scores, rt.max_scores = read_scores(scratch, assignment)
    nbgrader(["autograde", assignment, "--force", *timeout], cwd=scratch)
    rt.rescores, _ = read_scores(scratch, assignment)
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
