"""Grade other implementations with a chapter's real test cells: catalogs of variants.

A *variant* is the code a student could put in the solution cell that defines
a contract name. ``grade_variant`` puts it in place of that cell in the source
notebook and grades the notebook with the trusted engine (``course.grader.engine``)
exactly as autograde does, hidden tests included, in a fast forked process
(``kind="forked"``: the same engine, without the sandbox's start-up).

A catalog lives in ``tests/catalogs/<assignment>/<Name>/``:

- ``correct_<what>.py``: a correct implementation built another way (must get
  full marks in every autograded cell);
- ``wrong_<what>.py``: a structurally different wrong implementation; its
  first lines name every check it must fail, one per line::

      # fails: test-lru-rules :: a negative capacity raises ValueError

- ``mutants.toml``: plausible one-line (or few-line) mistakes as data, each a
  replacement applied to a correct base (the reference solution by default)::

      [[mutant]]
      name = "evicts_most_recent"
      why = "popitem(last=True) evicts the newest key"
      replace = "self.data.popitem(last=False)"
      with = "self.data.popitem(last=True)"
      fails = ["test-lru-eviction :: evicts the least recently used key; get counts as a use"]
      # may_fail = [...]: checks the variant may also fail: a slow one's that may run out of time,
      #   or those that real time decides for a variant that reads the machine's clock
      # base = "correct_lua": apply it to that correct file instead of the reference
      # edits = [["old", "new"], ...]: several replacements in turn, instead of replace / with

The suite asserts that a wrong variant fails *exactly* the checks it names, and
that a variant that does not even run is an error, not a pass.

    python tests/harness.py show 02_caching LRUCache/wrong_no_validation   # what a variant fails
    python tests/harness.py check 02_caching                               # the whole catalog, once
    python tests/harness.py selftest 02_caching                            # reference full? stub zero?
"""
from __future__ import annotations

import copy
import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import nbformat

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from course.grader import engine  # noqa: E402

SOURCE = ROOT / "source"
RELEASE = ROOT / "release"
CATALOGS = Path(__file__).resolve().parent / "catalogs"
FAILS = re.compile(r"^#\s*fails:\s*(.+?)\s*$")
MAY_FAIL = re.compile(r"^#\s*may fail:\s*(.+?)\s*$")
SEP = " :: "


def assignments() -> list[str]:
    return sorted(p.name for p in SOURCE.iterdir() if p.is_dir() and not p.name.startswith("."))


def notebook_path(assignment: str, root: Path = SOURCE) -> Path:
    notebooks = sorted((root / assignment).glob("*.ipynb"))
    assert len(notebooks) == 1, f"expected one notebook in {root / assignment}, found {notebooks}"
    return notebooks[0]


@lru_cache(maxsize=None)
def _load(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def load(assignment: str, root: Path = SOURCE) -> nbformat.NotebookNode:
    return copy.deepcopy(_load(notebook_path(assignment, root)))


def defines(source: str, name: str) -> bool:
    return re.search(rf"^(class|def)\s+{re.escape(name)}\b|^{re.escape(name)}\s*[:=]", source, re.M) is not None


def solution_cell(nb, name: str):
    cells = [c for c in nb.cells if engine.is_solution_cell(c) and defines(c.source, name)]
    assert len(cells) == 1, f"expected one solution cell defining {name}, found {len(cells)}"
    return cells[0]


def reference_code(assignment: str, name: str) -> str:
    return solution_cell(load(assignment), name).source


def test_cell_ids(nb, prefix: str) -> list[str]:
    """grade_ids of the autograded test cells whose id starts with ``prefix``."""
    return [engine.nbgrader_meta(c)["grade_id"] for c in nb.cells
            if engine.is_test_cell(c) and engine.nbgrader_meta(c)["grade_id"].startswith(prefix)]


def with_solutions(nb, replacements: Mapping[str, str]):
    nb = copy.deepcopy(nb)
    for name, code in replacements.items():
        solution_cell(nb, name).source = code
    return nb


# -- grading -------------------------------------------------------------------------------------
_ENGINES: dict[tuple[str, float | None], engine.Engine] = {}
# A wrong variant that never returns fails its check by timing out: in the suite that check is given
# WRONG_CHECK_SECONDS instead of its own limit (10 s by default). The slowest check of a correct
# solution takes about 1.5 s on a loaded 2-core machine; correct variants keep the graders' limits.
WRONG_CHECK_SECONDS = 4.0


def grade_nb(assignment: str, nb, kind: str = "forked", only: set[str] | None = None,
             first_failure: bool = False, max_check_seconds: float | None = None) -> engine.NotebookReport:
    """Grade ``nb`` against the assignment's source notebook (hidden tests included)."""
    key = (kind, max_check_seconds)
    if key not in _ENGINES:
        # under `make test-redis` (REDIS_URL set) the variants' Redis is the real server
        _ENGINES[key] = engine.Engine(kind, real_redis=bool(os.environ.get("REDIS_URL")),
                                      max_check_seconds=max_check_seconds)
    return _ENGINES[key].grade(nb, load(assignment), only=only, first_failure=first_failure)


def affected_tests(assignment: str, names: Iterable[str]) -> set[str]:
    """The test cells a change to the solution cells defining ``names`` can affect: those that
    use a name those cells define, or a name of another solution cell built on them."""
    nb = load(assignment)
    solutions = [c for c in nb.cells if engine.is_solution_cell(c)]
    affected: set[str] = set()
    for name in names:
        affected |= engine.defined_names(solution_cell(nb, name).source)
    grew = True
    while grew:
        grew = False
        for cell in solutions:
            defined = engine.defined_names(cell.source)
            if not defined <= affected and engine.loaded_names(cell.source) & affected:
                affected |= defined
                grew = True
    return {engine.nbgrader_meta(c)["grade_id"] for c in nb.cells
            if engine.is_test_cell(c) and engine.loaded_names(c.source) & affected}


def grade_variant(assignment: str, replacements: Mapping[str, str] | None = None,
                  kind: str = "forked", all_tests: bool = False, first_failure: bool = False,
                  max_check_seconds: float | None = None) -> engine.NotebookReport:
    """Grade the notebook with ``replacements``; only the test cells they can affect (the others
    score as the reference does) unless ``all_tests``."""
    only = None if all_tests or not replacements else affected_tests(assignment, replacements)
    return grade_nb(assignment, with_solutions(load(assignment), replacements or {}), kind, only, first_failure,
                    max_check_seconds)


def failed_checks(report: engine.NotebookReport, ids: Iterable[str] | None = None) -> set[str]:
    """``"<grade_id> :: <check name>"`` of every failed check (and a failed cell as ``"<grade_id> :: *"``)."""
    wanted = set(ids) if ids is not None else None
    out = set()
    for gid, test in report.tests.items():
        if wanted is not None and gid not in wanted:
            continue
        failed = [c.name for c in test.checks if not c.passed]
        out |= {f"{gid}{SEP}{name}" for name in failed}
        if test.score < test.points and not failed:
            out.add(f"{gid}{SEP}*")
    return out


def describe(report: engine.NotebookReport, ids: Iterable[str] | None = None) -> str:
    wanted = set(ids) if ids is not None else None
    return "\n".join(f"--- {gid}: {t.score:g}/{t.points:g}\n{t.output.strip()}"
                     for gid, t in report.tests.items() if wanted is None or gid in wanted)


def student_errors(report: engine.NotebookReport) -> list[str]:
    return [f"cell {i}: {c.error.get('type')}: {c.error.get('message')}"
            for i, c in report.student_cells.items() if c.error]


def assert_full_marks(report: engine.NotebookReport) -> None:
    short = [gid for gid, t in report.tests.items() if t.score < t.points - 1e-9]
    assert not short, "expected full marks, lost points in:\n" + describe(report, short) + \
        "\n" + "\n".join(student_errors(report))


# -- catalogs ---------------------------------------------------------------------------------------
@dataclass
class Variant:
    assignment: str
    name: str                 # the contract name whose cell it replaces
    id: str                   # "LRUCache/wrong_no_validation", "LRUCache/mutant:evicts_most_recent"
    kind: str                 # "correct" or "wrong"
    code: str
    fails: frozenset[str] = field(default_factory=frozenset)
    why: str = ""
    may_fail: frozenset[str] = field(default_factory=frozenset)   # checks that may time out, or that real time decides
    edit: str = ""               # a mutant's edited text (old and new), empty for files


def _header(text: str, pattern: re.Pattern) -> frozenset[str]:
    names = []
    for line in text.splitlines():
        m = pattern.match(line)
        if m:
            names.append(m.group(1))
        elif line.strip() and not line.startswith("#"):
            break
    return frozenset(names)


def catalog(assignment: str, names: Iterable[str] | None = None) -> list[Variant]:
    base = CATALOGS / assignment
    if not base.exists():
        return []
    out = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        name = folder.name
        if names is not None and name not in names:
            continue
        for path in sorted(folder.glob("correct_*.py")):
            out.append(Variant(assignment, name, f"{name}/{path.stem}", "correct", path.read_text()))
        for path in sorted(folder.glob("wrong_*.py")):
            text = path.read_text()
            out.append(Variant(assignment, name, f"{name}/{path.stem}", "wrong", text, _header(text, FAILS),
                               may_fail=_header(text, MAY_FAIL)))
        toml = folder / "mutants.toml"
        if toml.exists():
            data = tomllib.loads(toml.read_text())
            for m in data.get("mutant", []):
                base_code = reference_code(assignment, name) if m.get("base", "reference") == "reference" \
                    else (folder / f"{m['base']}.py").read_text()
                # one replacement (replace / with), or several applied in turn (edits = [[replace, with], ...])
                edits = m["edits"] if "edits" in m else [[m["replace"], m["with"]]]
                code = base_code
                for old, new in edits:
                    count = code.count(old)
                    if count != 1:
                        raise ValueError(f"{toml}: mutant {m['name']!r}: its text to replace {old[:60]!r} occurs "
                                         f"{count} times in its base (it must occur exactly once)")
                    code = code.replace(old, new)
                out.append(Variant(assignment, name, f"{name}/mutant:{m['name']}", "wrong",
                                   code, frozenset(m.get("fails", [])),
                                   m.get("why", ""), frozenset(m.get("may_fail", [])),
                                   "\n".join(part for pair in edits for part in pair)))
    return out


def check_variant(variant: Variant) -> None:
    """The assertion the suite makes about one variant."""
    report = grade_variant(variant.assignment, {variant.name: variant.code},
                           max_check_seconds=WRONG_CHECK_SECONDS if variant.kind == "wrong" else None)
    own = report.student_cells.get(cell_key(variant.assignment, variant.name))
    assert not (own and own.error), f"{variant.id} does not run: {own.error if own else ''}"
    if variant.kind == "correct":
        assert_full_marks(report)
        return
    got = failed_checks(report)
    assert variant.fails, f"{variant.id} names no check it must fail; it fails:\n  " + "\n  ".join(sorted(got))
    missing, extra = variant.fails - got, got - variant.fails - variant.may_fail
    assert not missing and not extra, (
        f"{variant.id} should fail exactly the checks it names.\n"
        + ("  named but passed:\n    " + "\n    ".join(sorted(missing)) + "\n" if missing else "")
        + ("  failed but not named:\n    " + "\n    ".join(sorted(extra)) + "\n" if extra else ""))


def cell_key(assignment: str, name: str) -> str:
    """How a report names the solution cell that defines ``name``."""
    nb = load(assignment)
    cell = solution_cell(nb, name)
    return cell.get("id") or str(next(i for i, c in enumerate(nb.cells) if c is cell))


REDIS_MODULES = ("course.runtime.redis_client", "course.runtime.interleave", "course.runtime.queues")


def touches_redis(assignment: str, name: str) -> bool:
    """Do the test cells that grade ``name`` use Redis (and so belong in the real-Redis lane)?"""
    nb = load(assignment)
    ids = affected_tests(assignment, [name])
    return any(m in c.source for c in nb.cells if engine.is_test_cell(c)
               and engine.nbgrader_meta(c)["grade_id"] in ids for m in REDIS_MODULES)


# What a mutant must touch to behave differently on a real server than on fakeredis: a Redis call,
# a pipeline or transaction, a Lua script (its KEYS / ARGV, Lua syntax), a reply's type, an error's text.
REDIS_EDIT = re.compile(r"redis|KEYS\[|ARGV\[|keys=|pipe|script|watch|multi|execute|decode|bytes|BUSY|ERR"
                        r"|~=|\bthen\b|\bend\b|\blocal\b", re.IGNORECASE)


def on_real_redis(variant: Variant) -> bool:
    """Does the real-Redis lane run this variant (its exercise is graded with Redis)? Every correct
    variant and every wrong file does; a one-line mutant only when its edit touches Redis (a mutant of
    plain Python logic, ``seq < 1`` for ``seq <= 1``, fails the same checks against either server)."""
    return variant.kind == "correct" or not variant.edit or bool(REDIS_EDIT.search(variant.edit))


def catalog_params(assignment: str, names: Iterable[str] | None = None):
    import pytest

    variants = catalog(assignment, names)
    redis_names = {n for n in {v.name for v in variants} if touches_redis(assignment, n)}
    return [pytest.param(v, id=v.id, marks=[pytest.mark.real_redis]
                         if v.name in redis_names and on_real_redis(v) else [])
            for v in variants]


def catalog_test(assignment: str, names: Iterable[str] | None = None):
    """The catalog test of a chapter's test module::

        test_catalog = catalog_test("02_caching")
    """
    import pytest

    @pytest.mark.parametrize("variant", catalog_params(assignment, names))
    def test_catalog(variant):
        """Correct variants get full marks; wrong ones fail exactly the checks they name."""
        check_variant(variant)

    return test_catalog


# -- command line --------------------------------------------------------------------------------------
def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "show":
        assignment, wanted = argv[1], argv[2]
        variants = {v.id: v for v in catalog(assignment)}
        if wanted not in variants:
            print("unknown variant; the catalog has:\n  " + "\n  ".join(variants))
            return 2
        v = variants[wanted]
        report = grade_variant(assignment, {v.name: v.code})
        for line in sorted(failed_checks(report)):
            print(f"# fails: {line}")
        for e in student_errors(report):
            print("# (error) " + e)
        return 0
    if len(argv) >= 2 and argv[0] == "selftest":
        import time

        for label, nb in (("reference", load(argv[1])), ("stub", load(argv[1], RELEASE))):
            started = time.monotonic()
            report = grade_nb(argv[1], nb)
            print(f"{label}: {report.score:g} / {report.max_score:g} in {time.monotonic() - started:.2f} s")
            for gid, t in report.tests.items():
                bad = (label == "reference" and t.score < t.points) or (label == "stub" and t.score > 0)
                print(f"  {'!!' if bad else '  '} {gid}: {t.score:g}/{t.points:g} ({t.seconds:.2f} s)")
                if bad:
                    print("     " + t.output.strip().replace("\n", "\n     "))
            for e in student_errors(report):
                print("   (student cell error) " + e)
        return 0
    if len(argv) >= 2 and argv[0] == "check":
        bad = 0
        for v in catalog(argv[1], argv[2:] or None):
            try:
                check_variant(v)
                print(f"ok    {v.id}")
            except AssertionError as exc:
                bad += 1
                print(f"FAIL  {v.id}\n{exc}")
        return 1 if bad else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
