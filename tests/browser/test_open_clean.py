"""An untouched chapter opens unmodified: JupyterLab 4 writes the kernel's ``language_info`` (and
``kernelspec``) into a notebook when its kernel starts, and marks the document dirty (the tab's dot,
a "save changes?" prompt on close) when they differ from what the file carries. Release notebooks
carry the metadata the course's kernel reports (course/grader/release.py), so opening one changes
nothing; the same notebook with nbformat's bare ``{"name": "python"}`` is the control: it opens dirty."""
from __future__ import annotations

import json

import pytest

import jlab
from conftest import REPO

CHAPTER = "02_caching/caching.ipynb"


def current_tab(page):
    return page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current")


def model_dirty(page) -> bool:
    """The tab's dirty mark is the document model's ``dirty`` flag, as JupyterLab shows it."""
    return "jp-mod-dirty" in (current_tab(page).get_attribute("class") or "")


@pytest.fixture
def bare_copy(student_server):
    """The chapter as nbgrader alone would write it: language_info is just {"name": "python"}."""
    nb = json.loads((REPO / "release" / CHAPTER).read_text())
    nb["metadata"]["language_info"] = {"name": "python"}
    rel = "zz_open_clean/bare.ipynb"
    (student_server.root / rel).parent.mkdir(exist_ok=True)
    (student_server.root / rel).write_text(json.dumps(nb, indent=1))
    yield rel
    jlab.shutdown_kernels(student_server)


def test_bare_metadata_opens_dirty(page, student_server, bare_copy):
    """The control: what JupyterLab rewrites on open is language_info (so the check below can fail)."""
    jlab.open_notebook(page, student_server, bare_copy)
    # dirty by the time the kernel shows idle: the clean check below looks no earlier than this
    assert model_dirty(page), "the control opened clean: the lane cannot see what JupyterLab rewrites"


@pytest.fixture
def release_copy(student_server):
    """The chapter exactly as released, at a path of its own: the worker's work folder may hold the
    same chapter already run and saved by test_chapters (outputs, widget state), whatever the order."""
    rel = "zz_open_clean/release.ipynb"
    (student_server.root / rel).parent.mkdir(exist_ok=True)
    (student_server.root / rel).write_bytes((REPO / "release" / CHAPTER).read_bytes())
    yield rel
    jlab.shutdown_kernels(student_server)


def test_release_notebook_opens_clean(page, student_server, release_copy):
    jlab.open_notebook(page, student_server, release_copy)  # kernel idle: its language_info is applied
    assert not model_dirty(page), f"{CHAPTER} (as released) is marked modified right after opening it"
