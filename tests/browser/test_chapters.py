"""Every chapter of release/, opened in Chromium as a student does (`make lab`).

Per chapter: run every cell from the Run menu (Run Selected Cell and All Below from the first cell,
and again from the first cell a raising cell left unrun); no teaching cell (neither exercise nor
test cell, per its nbgrader metadata) shows an error, in its output or inside its widget; no "Error displaying widget";
the first interactive figure changes when its first slider/dropdown moves (screenshot written to
browser-artifacts/); after Ctrl+S and a page reload, every interactive figure is still there.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import jlab
from conftest import ARTIFACTS, REPO

CHAPTERS = sorted(p.relative_to(REPO / "release").as_posix() for p in (REPO / "release").glob("*/*.ipynb"))


def check_notebook(page, server, relpath: str, shot_name: str) -> tuple[list[str], list[str]]:
    """The lane's whole check of one notebook: returns (problems, notes)."""
    problems, notes = [], []
    path = server.root / relpath
    n = jlab.open_notebook(page, server, relpath)
    jlab.run_all_cells(page, n)
    nb = jlab.save(page, path)

    for ename, where in jlab.teaching_errors(nb):
        if ename == "NotImplementedError":  # a scratch cell calling an exercise not written yet: expected
            notes.append(f"teaching cell raises an exercise's stub: {where}")
        else:
            problems.append(f"error in a teaching cell: {where}")
    problems += [f"after running: {t}" for t in jlab.widget_error_text(page)]

    # -- the first interactive figure moves with its first control ------------------------------
    cells = jlab.cells(page)
    interactive = [i for i in range(n) if cells.nth(i).locator(jlab.CONTROLS).count()]
    with_figure = [i for i in interactive if jlab.figure_src(cells.nth(i))]
    if not interactive:
        problems.append("no interactive cell (slider or dropdown) rendered")
    elif not with_figure:
        shown = [i for i in interactive
                 if "".join(cells.nth(i).locator(".jp-OutputArea-output").all_inner_texts()).strip()]
        if shown:  # e.g. "Implement time_budget (Exercise 2) to see the chart."
            notes.append(f"no interactive figure in the student copy (cells {interactive} need an exercise)")
        else:
            problems.append(f"interactive cells {interactive} show neither a figure nor a message")
    else:
        if with_figure[0] != interactive[0]:
            notes.append(f"first interactive cell {interactive[0]} shows no figure in the student copy "
                         f"(needs an exercise); used cell {with_figure[0]}")
        cell = cells.nth(with_figure[0])
        before = jlab.figure_src(cell)
        moved = jlab.move_first_control(page, cell)
        try:
            page.wait_for_function(
                """([el, before]) => { const img = el.querySelector('.jp-OutputArea-output img');
                                     return img && img.getAttribute('src') !== before; }""",
                arg=[cell.element_handle(), before], timeout=120_000)
            jlab.kernel_idle(page)
        except Exception as exc:  # noqa: BLE001 - reported with the others
            problems.append(f"cell {with_figure[0]}: figure did not change after {moved} ({type(exc).__name__})")
        else:
            notes.append(f"cell {with_figure[0]}: {moved}, figure changed")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        cell.screenshot(path=str(ARTIFACTS / f"{shot_name}.png"))
        problems += [f"after moving: {t}" for t in jlab.widget_error_text(page)]

    # -- save, reload: the figures are still there ----------------------------------------------
    figures = [i for i in interactive if jlab.figure_src(cells.nth(i))]
    nb = jlab.save(page, path)
    jlab.reload(page, server, relpath, n)
    for i in figures:
        img = jlab.cells(page).nth(i).locator(".jp-OutputArea-output img")
        try:
            img.first.wait_for(state="attached", timeout=30_000)
        except Exception:  # noqa: BLE001
            why = "saved widget state has the figure" if jlab.saved_figure(nb, i) else \
                "the saved notebook has no image for it (output and widget state)"
            problems.append(f"after reload: cell {i}'s figure is gone ({why})")
    problems += [f"after reload: {t}" for t in jlab.widget_error_text(page)]
    return problems, notes


@pytest.mark.parametrize("relpath", CHAPTERS)
def test_chapter_in_browser(page, student_server, relpath, record_property):
    try:
        problems, notes = check_notebook(page, student_server, relpath, relpath.split("/")[0])
    finally:
        jlab.shutdown_kernels(student_server)
    for note in notes:
        print(f"{relpath}: {note}")
    record_property("notes", json.dumps(notes))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{relpath.split('/')[0]}.txt").write_text(
        "".join(f"PROBLEM {p}\n" for p in problems) + "".join(f"note {n}\n" for n in notes))
    assert not problems, f"{relpath}:\n  " + "\n  ".join(problems)
