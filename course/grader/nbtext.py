"""Notebooks as plain text, for writing and reviewing chapters with an editor or a diff.

    python -m course.grader.nbtext export source/04_rate_limiting/rate_limiting.ipynb > /tmp/04.txt
    python -m course.grader.nbtext import /tmp/04.txt source/04_rate_limiting/rate_limiting.ipynb

The text form is a list of cells, each opened by a header line::

    %%% markdown id=cell-000
    # 04 · Rate limiting ...
    %%% code id=sol-token-bucket meta={"nbgrader": {"grade": false, "grade_id": "sol-token-bucket", ...}}
    class TokenBucket: ...

A header is ``%%% <markdown|code|raw> id=<cell id>`` optionally followed by
``meta=<JSON>`` (the cell's metadata: ``nbgrader``, ``tags``). Everything up to the next header is the cell's source
(a trailing newline is dropped). Import writes the notebook the way the course
commits it: no outputs, no execution counts, nbformat 4.5.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat

HEADER = re.compile(r"^%%% (markdown|code|raw) id=(\S+)(?: meta=(\{.*\}))?\s*$")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def to_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        meta = cell.get("metadata", {})
        header = f"%%% {cell.cell_type} id={cell.get('id')}"
        if meta:
            header += " meta=" + json.dumps(meta, sort_keys=True, ensure_ascii=False)
        parts.append(header + "\n" + cell.source + "\n")
    return "".join(parts)


def from_text(text: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    current = None
    lines: list[str] = []

    def flush():
        if current is None:
            return
        kind, cid, meta = current
        source = "".join(lines)
        if source.endswith("\n"):
            source = source[:-1]
        maker = {"markdown": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell,
                 "raw": nbformat.v4.new_raw_cell}[kind]
        cell = maker(source)
        cell.id = cid
        if meta:
            cell.metadata.update(meta)
        nb.cells.append(cell)

    for line in text.splitlines(keepends=True):
        m = HEADER.match(line.rstrip("\n"))
        if m:
            flush()
            current = (m.group(1), m.group(2), json.loads(m.group(3)) if m.group(3) else None)
            lines = []
        elif current is None:
            if line.strip():
                raise ValueError(f"text before the first cell header: {line!r}")
        else:
            lines.append(line)
    flush()
    ids = [c.id for c in nb.cells]
    if len(ids) != len(set(ids)):
        raise ValueError("two cells share an id")
    nbformat.validate(nb)
    return nb


def write(nb, path: str | Path) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, str(path))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "export":
        sys.stdout.write(to_text(nbformat.read(args[1], as_version=4)))
        return 0
    if len(args) == 3 and args[0] == "import":
        write(from_text(Path(args[1]).read_text()), args[2])
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
