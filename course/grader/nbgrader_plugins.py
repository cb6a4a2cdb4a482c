"""nbgrader plug-ins: grade with the trusted engine, show only inert content.

Wired in ``nbgrader_config.py``, through nbgrader's documented configuration
(``Autograde.autograde_preprocessors``, ``GenerateFeedback.preprocessors``,
the HTML exporter's template), each list derived from nbgrader's own default:

- :class:`TrustedExecute` takes the place of nbgrader's ``Execute``. It grades
  the notebook with :mod:`course.grader.engine`: the student's code in a
  sandboxed process, the test cells and the score here. It writes each test
  cell's check lines and its score as the cell's outputs (the score as the
  ``execute_result`` nbgrader reads: always a number in [0, points]).
  ``make autograde`` grades a whole batch in parallel, then runs nbgrader,
  whose plug-in finds each notebook's result in that run's cache.
- :class:`ShowAsText` runs right after: every output becomes plain text, a
  student's markdown becomes sanitized HTML, raw cells become text. What
  formgrader and feedback pages show of a student can run no script.
- :class:`HideHiddenTests` (feedback): hidden-test regions leave the source
  shown to students; the check lines stay, so students still see what failed.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

import nbformat
from nbgrader.coursedir import CourseDirectory
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.preprocessors import CheckCellMetadata, ClearHiddenTests, Execute, NbGraderPreprocessor
from traitlets import Bool, Float, Unicode

from . import engine, sandbox

CACHE_ENV = "COURSE_GRADING_CACHE"
ENGINE_VERSION = "trusted-1"
HIDDEN_NOTE = "(hidden tests are not shown here; the check lines under this cell say which ones failed and why)"


# -- the cache shared with make autograde -------------------------------------------------------------
def cache_key(submitted: bytes, master: bytes, kind: str) -> str:
    h = hashlib.sha256()
    for part in (ENGINE_VERSION.encode(), kind.encode(), submitted, b"\0", master):
        h.update(part)
    return h.hexdigest()


GRADING_MARK = "GRADING"   # in the cache while make autograde is still grading: its pid


def cached_report(cache: Path, key: str, poll: float = 0.05) -> "engine.NotebookReport | None":
    """The report ``make autograde``'s grading left in ``cache`` under ``key``, or None (a notebook
    it did not grade: one submitted since, say).

    nbgrader starts with the grading (its start-up overlaps it) but records nothing until the
    grading is over: while the cache holds :data:`GRADING_MARK` naming a live process, this waits."""
    import time

    mark = cache / GRADING_MARK
    while True:
        try:
            pid = int(mark.read_text())
        except (OSError, ValueError):
            break
        if not _alive(pid):
            break
        time.sleep(poll)
    try:                            # (written whole, then renamed into place: never half a report)
        return report_from_json((cache / f"{key}.json").read_text())
    except FileNotFoundError:
        return None


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (one of another user's, which we may not signal, does)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def write_cached_report(cache: Path, key: str, report: "engine.NotebookReport") -> None:
    """Write ``report`` whole, then rename it into place. Each writer has its own part file: two
    students who submitted the same bytes have the same key, and two workers may finish them at once
    (both reports are equal, whichever lands last is kept)."""
    fd, part = tempfile.mkstemp(prefix=f"{key}.", suffix=".json.part", dir=cache)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(report_to_json(report))
        os.replace(part, cache / f"{key}.json")
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(part)
        raise


def report_to_json(report: engine.NotebookReport) -> str:
    return json.dumps(asdict(report), sort_keys=True)


def report_from_json(text: str) -> engine.NotebookReport:
    data = json.loads(text)
    tests = {gid: engine.TestResult(**{**t, "checks": [engine.CheckResult(**c) for c in t["checks"]]})
             for gid, t in data["tests"].items()}
    cells = {k: engine.StudentCellResult(**c) for k, c in data["student_cells"].items()}
    return engine.NotebookReport(tests, cells, data["restarts"], data["seconds"], data["kind"])


def grading_kind(allow_unsafe: bool) -> str:
    """"sandbox" where bubblewrap works; "unsafe" only if the instructor said so."""
    problem = sandbox.sandbox_problem()
    if problem is None:
        return "sandbox"
    if allow_unsafe or os.environ.get(sandbox.UNSAFE_ENV) == "1":
        return "unsafe"
    raise RuntimeError(
        f"refusing to grade: the sandbox cannot run here ({problem}). Install bubblewrap "
        f"(apt-get install bubblewrap) on a system with user namespaces, or accept running student code "
        f"unsandboxed with {sandbox.UNSAFE_ENV}=1 (or c.TrustedExecute.allow_unsafe = True).")


# -- applying a report to a notebook -------------------------------------------------------------------
def new_output(output_type: str, **fields):
    """The output ``nbformat.v4.new_output`` makes (the same keys and defaults), without validating
    each one as it is made: nbconvert validates the whole notebook after every preprocessor anyway,
    and one validation per output cost a sixth of recording a notebook."""
    if output_type in ("execute_result", "display_data"):
        fields.setdefault("metadata", {})
        fields.setdefault("data", {})
    if output_type == "execute_result":
        fields.setdefault("execution_count", None)
    if output_type == "stream":
        fields.setdefault("name", "stdout")
        fields.setdefault("text", "")
    if output_type == "error":
        fields.setdefault("ename", "NotImplementedError")
        fields.setdefault("evalue", "")
        fields.setdefault("traceback", [])
    return nbformat.from_dict({"output_type": output_type, **fields})


def _stream(text: str):
    return new_output("stream", name="stdout", text=text)


def apply_report(nb, report: engine.NotebookReport) -> None:
    """Put the engine's results in the notebook as outputs nbgrader can score."""
    for key, result in report.student_cells.items():
        cell = _find_cell(nb, key)
        if cell is None:
            continue
        outputs = [_stream(result.output)] if result.output else []
        if result.error:
            name = str(result.error.get("type", "Error"))
            value = str(result.error.get("message", ""))
            outputs.append(new_output("error", ename=name, evalue=value,
                                     traceback=[f"{name}: {value}{result.error.get('where', '')}"]))
        cell.outputs = outputs
    for cell in nb.cells:
        if not engine.is_test_cell(cell):
            continue
        result = report.tests.get(engine.nbgrader_meta(cell)["grade_id"])
        if result is None:
            continue
        score = result.score
        cell.outputs = [_stream(result.output or "\n"),
                        new_output("execute_result", data={"text/plain": repr(float(score))},
                                   execution_count=None)]
        cell.execution_count = None


def _find_cell(nb, key):
    for index, cell in enumerate(nb.cells):
        if cell.get("id") == key or str(index) == str(key):
            return cell
    return None


class TrustedExecute(Execute):
    """Grade with the trusted engine instead of executing in a kernel (see the module docstring).

    A subclass of nbgrader's ``Execute`` only so that configuration and code that
    look for "the execute step" find it; it never starts a kernel.
    """

    allow_unsafe = Bool(False, help="Grade without the sandbox where bubblewrap cannot run "
                                    "(student code then runs with the grader's rights)").tag(config=True)
    budget = Float(engine.NOTEBOOK_BUDGET, help="Seconds of grading per notebook").tag(config=True)
    kind = Unicode("", help="'sandbox', 'unsafe' or 'forked' (tests only); default: sandbox").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        master_path, submitted_path = self._paths(info)
        master = nbformat.read(master_path, as_version=4) if master_path and master_path.exists() else None
        kind = self.kind or grading_kind(self.allow_unsafe)
        report = None
        cache = os.environ.get(CACHE_ENV)
        if cache and master_path and submitted_path and submitted_path.exists() and master_path.exists():
            report = cached_report(Path(cache), cache_key(submitted_path.read_bytes(), master_path.read_bytes(), kind))
        if report is None:
            report = engine.Engine(kind, self.budget).grade(nb, master)
        apply_report(nb, report)
        self._record_checks(info, master, report)
        for gid, flag in report.flags.items():
            self.log.warning("%s: cell %s flagged for review: %s", info.get("student", "?"), gid, flag)
        resources.setdefault("course", {})["report"] = report
        return nb, resources

    def _record_checks(self, info: dict, master, report) -> None:
        """Every check's result, one row each, into the gradebook's database (make insights)."""
        assignment, notebook, student = info.get("assignment"), info.get("notebook"), info.get("student")
        if not (assignment and notebook and student) or master is None:
            return
        from . import insights

        try:
            db_url = CourseDirectory(config=self.config).db_url
            rows = insights.rows_of(assignment, notebook, student, report, insights.exercises_of(master))
            insights.record(db_url, assignment, notebook, student, rows)
        except Exception as exc:   # noqa: BLE001 - insights must never cost a student a grade
            self.log.warning("could not record check results for make insights: %s", exc)

    def _paths(self, info: dict) -> tuple[Path | None, Path | None]:
        assignment, notebook, student = info.get("assignment"), info.get("notebook"), info.get("student")
        if not assignment or not notebook:
            return None, None
        coursedir = CourseDirectory(config=self.config)
        master = Path(coursedir.format_path(coursedir.source_directory, ".", assignment)) / f"{notebook}.ipynb"
        submitted = None
        if student:
            submitted = Path(coursedir.format_path(coursedir.submitted_directory, student, assignment)) \
                / f"{notebook}.ipynb"
        return master, submitted


# -- what people see ---------------------------------------------------------------------------------
ALLOWED_TAGS = ["a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2",
                "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "ol", "p", "pre", "s", "span", "strong", "sub",
                "sup", "table", "tbody", "td", "th", "thead", "tr", "ul"]
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "td": ["align"], "th": ["align"]}


@functools.lru_cache(maxsize=1024)
def sanitized_markdown(source: str) -> str:
    """A student's markdown as sanitized HTML (no script, no handler, no style, no image).
    Cached: most markdown cells are the instructor's, the same in every student's notebook, and
    sanitizing is the costliest step of recording a notebook (html5lib: a third of it)."""
    import bleach
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    html = markdown2html_mistune(source)
    return bleach.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        protocols=["http", "https", "mailto"], strip=True)


class ShowAsText(NbGraderPreprocessor):
    """Student content becomes inert: text outputs, sanitized markdown, no raw HTML."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = sanitized_markdown(cell.source)
            cell.pop("attachments", None)
        elif cell.cell_type == "raw":
            cell.cell_type = "markdown"
            cell.source = sanitized_markdown("```\n" + cell.source.replace("```", "'''") + "\n```")
            cell.metadata.pop("format", None)
            cell.metadata.pop("raw_mimetype", None)
            cell.pop("attachments", None)
        elif cell.cell_type == "code":
            cell.outputs = [o for o in (_as_text(o) for o in cell.get("outputs", [])) if o is not None]
        return cell, resources


def _as_text(output):
    kind = output.get("output_type")
    if kind == "stream":
        return new_output("stream", name="stdout", text=str(output.get("text", "")))
    if kind == "error":
        return new_output("error", ename=str(output.get("ename", "")), evalue=str(output.get("evalue", "")),
                          traceback=[str(t) for t in output.get("traceback", [])])
    if kind in ("execute_result", "display_data"):
        text = output.get("data", {}).get("text/plain")
        if text is None:
            return None
        if kind == "execute_result":
            return new_output("execute_result", data={"text/plain": str(text)},
                              execution_count=output.get("execution_count"))
        return new_output("display_data", data={"text/plain": str(text)})
    return None


def remove_hidden_tests(source: str) -> str:
    """The source without its hidden-test regions (an unclosed region runs to the end)."""
    begin = ClearHiddenTests.begin_test_delimeter.default_value
    end = ClearHiddenTests.end_test_delimeter.default_value
    kept, hidden = [], False
    for line in source.split("\n"):
        if begin in line:
            hidden = True
        elif end in line and hidden:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)


class HideHiddenTests(NbGraderPreprocessor):
    """For feedback pages: no hidden-test source, no traceback through it."""

    def preprocess_cell(self, cell, resources, index):
        begin = ClearHiddenTests.begin_test_delimeter.default_value
        if not engine.is_test_cell(cell) or begin not in cell.source:
            return cell, resources
        cell.source = remove_hidden_tests(cell.source).rstrip() + "\n# " + HIDDEN_NOTE
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources


class _ValidatorOnce(MetadataValidator):
    """nbgrader's metadata validator, validating each distinct cell once per process: its verdict
    depends only on the cell's type and nbgrader metadata (the source appears only in messages), and a
    chapter's graded cells are the same in every student's notebook. Each validation re-checks
    nbgrader's JSON schema itself (``jsonschema.validate``): a seventh of recording a notebook. Only
    cells that passed are remembered; a cell whose type changed is validated (and warned about) each time."""

    passed: set = set()
    LIMIT = 4096

    def validate_cell(self, cell) -> None:
        meta = cell.metadata.get("nbgrader") if "metadata" in cell else None
        if not isinstance(meta, dict) or meta.get("cell_type", cell.cell_type) != cell.cell_type:
            return super().validate_cell(cell)
        key = (cell.cell_type, json.dumps(meta, sort_keys=True, default=repr))
        if key in self.passed:
            return None
        super().validate_cell(cell)
        if len(self.passed) >= self.LIMIT:
            self.passed.clear()
        self.passed.add(key)
        return None


class CheckCellMetadataOnce(CheckCellMetadata):
    """nbgrader's ``CheckCellMetadata`` (grade ids unique, metadata valid), each distinct cell
    validated once per process (see :class:`_ValidatorOnce`): the same errors, logged the same way."""

    def preprocess(self, nb, resources):
        import traceback

        try:
            _ValidatorOnce().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg)
        return nb, resources


def with_metadata_check_once(defaults: list) -> list:
    """One of nbgrader's default step lists with ``CheckCellMetadata`` validating each distinct cell once."""
    if not isinstance(defaults, (list, tuple)) or CheckCellMetadata not in defaults:
        raise RuntimeError(f"nbgrader's default steps are not what the course expects: {defaults!r}")
    return [CheckCellMetadataOnce if step is CheckCellMetadata else step for step in defaults]


def with_execute_replaced(defaults: list) -> list:
    """nbgrader's default autograde steps, with Execute replaced and ShowAsText after it."""
    if not isinstance(defaults, (list, tuple)) or Execute not in defaults:
        raise RuntimeError(f"nbgrader's default autograde steps are not what the course expects: {defaults!r}")
    out = []
    for step in defaults:
        if step is Execute or (isinstance(step, type) and issubclass(step, Execute)):
            out += [TrustedExecute, ShowAsText]
        else:
            out.append(step)
    return out


TEMPLATES = Path(__file__).resolve().parent / "templates"
