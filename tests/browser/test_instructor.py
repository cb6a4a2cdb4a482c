"""The instructor's JupyterLab (`make lab-instructor`): formgrader lists every assignment, no error banner."""
from __future__ import annotations

from playwright.sync_api import expect

from conftest import ARTIFACTS, REPO

ASSIGNMENTS = sorted(p.name for p in (REPO / "source").iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def test_formgrader_lists_every_assignment(page, instructor_server):
    # the page JupyterLab's Formgrader panel frames (Command Palette > Formgrader), opened on its own
    page.goto(f"{instructor_server.url}/formgrader?token={instructor_server.token}")
    table = page.locator("#main-table")  # the tbody nbgrader fills
    # nbgrader fills the table from its API ("Loading, please wait..." until then): one row per assignment
    expect(table.locator("td.name").first).to_be_visible(timeout=120_000)
    expect(table).not_to_contain_text("Loading, please wait", timeout=120_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "instructor-formgrader.png"), full_page=True)
    names = [t.strip() for t in table.locator("td.name").all_inner_texts()]
    assert sorted(names) == ASSIGNMENTS, f"formgrader lists {names}"
    # no warning or error banner
    banners = [t for t in page.locator(".alert:visible").all_inner_texts() if t.strip()]
    assert not banners, f"formgrader shows: {banners}"
