"""Driving JupyterLab 4 the way a person does (keyboard, mouse, menus), with explicit waits on
JupyterLab's own states (kernel status, cell prompts, the tab's dirty mark): never fixed sleeps."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

CELL_TIMEOUT_MS = 240_000   # one cell on a loaded machine (the slowest simulations)
WIDGET_ERROR = "Error displaying widget"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
CONTROLS = ".widget-slider, .widget-dropdown"


def panel(page: Page) -> Locator:
    """The notebook in front."""
    return page.locator("#jp-main-dock-panel .jp-NotebookPanel:not(.lm-mod-hidden)")


def cells(page: Page) -> Locator:
    return panel(page).locator(".jp-Notebook .jp-Cell")


def kernel_idle(page: Page, timeout: float = CELL_TIMEOUT_MS) -> None:
    expect(panel(page).locator(".jp-Notebook-ExecutionIndicator")).to_have_attribute(
        "data-status", "idle", timeout=timeout)


RECONNECTS = 2   # fresh kernels tried after JupyterLab gives up on one
ATTACH_TIMEOUT_S = 120


# The status bar's kernel item ("Python 3 (ipykernel) | Idle"), read from the session itself.
STATUSBAR_KERNEL_JS = """() => { const items = Array.from(
  document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem'), x => x.textContent.trim());
  return items.find(t => t.includes(' | ')) || null; }"""


def page_kernel_status(page: Page) -> str | None:
    return page.evaluate(STATUSBAR_KERNEL_JS)


def kernel_attached(server, relpath: str) -> bool:
    """Does the server run a kernel for this notebook, idle, with a browser's websocket on it?

    The notebook's execution indicator alone is not enough: it starts at "idle" before the notebook
    even has a session (the status bar says "No Kernel | Initializing" meanwhile), and a cell run in
    that window is cleared without running (CI saw it once: the Run menu clicked, the prompt never
    moved). So the page's status bar and the server must both see the kernel, idle.
    """
    try:
        sessions = server.api("GET", "/api/sessions") or []
    except OSError:                     # (the server busy or restarting: not yet)
        return False
    for session in sessions:
        kernel = session.get("kernel") or {}
        if (session.get("path") == relpath and kernel.get("execution_state") == "idle"
                and kernel.get("connections", 0) >= 1):
            return True
    return False


def _idle_in_page(page: Page) -> bool:
    try:
        text = page_kernel_status(page) or ""
    except PlaywrightError:             # (the page navigating meanwhile: not yet)
        return False
    return text.endswith("| Idle") and not text.startswith("No Kernel")


def _indicator_status(indicator: Locator) -> str | None:
    try:
        return indicator.get_attribute("data-status", timeout=5_000) if indicator.count() else None
    except PlaywrightError:
        return None


def _kernel_connected(page: Page, server, relpath: str, n: int, where: str) -> None:
    """Wait until the notebook's kernel exists, is connected to this page and idle. JupyterLab can
    give up on a kernel's websocket ("disconnected": CI saw it once, on a chapter opened while four
    servers and four browsers were starting on two cores); a person then gets a new kernel and
    reloads the page. So does this, at most RECONNECTS times, naming the attempts and the server
    log's last lines if all fail."""
    indicator = panel(page).locator(".jp-Notebook-ExecutionIndicator")
    for attempt in range(RECONNECTS + 1):
        deadline = time.monotonic() + ATTACH_TIMEOUT_S
        while time.monotonic() < deadline:
            status = _indicator_status(indicator)
            if status == "disconnected":
                break
            if status == "idle" and _idle_in_page(page) and kernel_attached(server, relpath):
                return
            time.sleep(0.2)
        if attempt == RECONNECTS:
            break
        print(f"{where}: kernel {'disconnected' if status == 'disconnected' else 'not attached'}; "
              f"new kernel and reload ({attempt + 1}/{RECONNECTS})")
        shutdown_kernels(server)
        page.reload()
        expect(cells(page)).to_have_count(n, timeout=120_000)
    tail = server.log.read_text(errors="replace").splitlines()[-30:] if server.log.exists() else []
    raise AssertionError(f"{where}: no idle kernel attached to the page after {RECONNECTS} new kernels "
                         f"(indicator {status!r}); server log:\n  " + "\n  ".join(tail))


def open_notebook(page: Page, server, relpath: str) -> int:
    """Open a notebook (fresh workspace), wait until every cell is rendered and its kernel is idle."""
    n = len(json.loads((server.root / relpath).read_text())["cells"])
    page.goto(server.lab_url(relpath))
    expect(cells(page)).to_have_count(n, timeout=120_000)
    _kernel_connected(page, server, relpath, n, f"open {relpath}")
    return n


def shutdown_kernels(server) -> None:
    """Free the machine between chapters: stop every kernel the server runs."""
    try:
        sessions = server.api("GET", "/api/sessions") or []
    except OSError:                     # (the server busy or restarting: not yet)
        return False
    for session in sessions:
        server.api("DELETE", f"/api/sessions/{session['id']}")


def reload(page: Page, server, relpath: str, n: int) -> None:
    page.reload()
    expect(cells(page)).to_have_count(n, timeout=120_000)
    _kernel_connected(page, server, relpath, n, f"reload {relpath}")


_CELLS = "document.querySelectorAll('#jp-main-dock-panel .jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')"
# Each code cell's prompt ("[ ]:", "[*]:", "[7]:"), null for a markdown cell: one round trip for the notebook.
PROMPTS_JS = """() => Array.from(%s, c => {
  if (!c.classList.contains('jp-CodeCell')) return null;
  const p = c.querySelector('.jp-InputPrompt');
  return p ? p.textContent.trim() : '';
})""" % _CELLS
RUN_ALL_BELOW = "Run Selected Cell and All Below"
NUMBERED = re.compile(r"^\[\d+\]:$")
RUN_TIMEOUT_MS = 2 * CELL_TIMEOUT_MS   # one run of the menu: many cells, on a loaded machine


def run_menu(page: Page, label: str) -> None:
    """Choose ``Run > label`` in JupyterLab's menu bar, with the mouse."""
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^" + re.escape(label) + "$")).click()


def run_all_cells(page: Page, n: int) -> int:
    """Run every cell as a person does from the Run menu: select the first cell, "Run Selected Cell
    and All Below", wait until no cell is running or queued. A cell that raises (a scratch cell
    calling an exercise not written yet) makes the kernel drop the cells queued after it, so the
    person selects the first cell left unrun and runs from there again. Returns how many runs it took.

    (Shift+Enter through a long notebook spends the browser's time on scrolling: every step focuses
    the next cell and each of the notebook's editors re-measures itself on the scroll; the menu runs
    the same cells in the same kernel, without the scroll storm.)
    """
    start, runs = 0, 0
    while True:
        prompts = page.evaluate(PROMPTS_JS)
        assert len(prompts) == n, f"{len(prompts)} cells in the page, {n} in the notebook"
        first = next((i for i in range(start, n) if prompts[i] is not None), None)
        if first is None:
            return runs
        cell = cells(page).nth(start)
        target = cell.locator(".jp-InputPrompt") if prompts[start] is not None else cell
        target.first.click()
        page.keyboard.press("Escape")  # command mode: the selection is the cell
        expect(cell).to_have_class(re.compile(r"\bjp-mod-active\b"), timeout=30_000)
        run_menu(page, RUN_ALL_BELOW)
        runs += 1
        # started (the first code cell's prompt changed), then settled (nothing running or queued)
        page.wait_for_function("([i, before]) => (%s)()[i] !== before" % PROMPTS_JS,
                               arg=[first, prompts[first]], polling=50, timeout=60_000)
        page.wait_for_function("() => !(%s)().includes('[*]:')" % PROMPTS_JS, polling=100,
                               timeout=RUN_TIMEOUT_MS)
        kernel_idle(page)
        prompts = page.evaluate(PROMPTS_JS)
        unrun = next((i for i in range(first, n) if prompts[i] is not None and not NUMBERED.match(prompts[i])), None)
        if unrun is None:
            return runs
        if unrun == first:
            raise AssertionError(f"cell {first} did not run from the Run menu (prompt {prompts[first]!r})")
        start = unrun


def save(page: Page, path: Path) -> dict:
    """Ctrl+S, wait until JupyterLab has written the file (tab no longer dirty, file changed); return it."""
    before = path.stat().st_mtime_ns
    page.keyboard.press("Control+s")
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current")
    expect(tab).not_to_have_class(re.compile(r"\bjp-mod-dirty\b"), timeout=60_000)
    # the server rewrites the file in place: wait until it has changed and is whole again
    deadline = time.monotonic() + 60
    while True:
        if path.stat().st_mtime_ns != before:
            try:
                return json.loads(path.read_text())
            except ValueError:
                pass  # being written
        if time.monotonic() > deadline:
            raise AssertionError(f"{path.name}: Ctrl+S did not write the file")
        time.sleep(0.1)


# -- what the saved notebook says ---------------------------------------------------------------
def kind(cell: dict) -> str:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if meta.get("solution"):
        return "solution"
    if meta.get("grade"):
        return "test"
    return "teaching"


def _brief(output: dict) -> str:
    return f"{output.get('ename')}: {output.get('evalue')}"


def widget_models(nb: dict) -> dict:
    return nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def teaching_errors(nb: dict) -> list[tuple[str, str]]:
    """Errors shown by cells that are neither exercise (solution) nor test cells, including errors
    caught by an Output widget (a figure's draw function raising) found in the saved widget state:
    (ename, where and what) pairs."""
    problems = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code" or kind(cell) != "teaching":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append((out.get("ename"), f"cell {i}: {_brief(out)}"))
        for mid in _widget_ids(cell):
            for out in _output_widget_outputs(nb, mid):
                if out.get("output_type") == "error":
                    problems.append((out.get("ename"), f"cell {i} (in its widget): {_brief(out)}"))
    return problems


def _widget_ids(cell: dict) -> list[str]:
    return [o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] for o in cell.get("outputs", [])
            if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]


def _output_widget_outputs(nb: dict, model_id: str, seen=None) -> list[dict]:
    """Outputs held by Output widgets under a widget (children followed)."""
    seen = seen if seen is not None else set()
    if model_id in seen:
        return []
    seen.add(model_id)
    model = widget_models(nb).get(model_id)
    if not model:
        return []
    state = model.get("state", {})
    found = list(state.get("outputs", [])) if model.get("model_name") == "OutputModel" else []
    for child in state.get("children", []):
        if isinstance(child, str) and child.startswith("IPY_MODEL_"):
            found += _output_widget_outputs(nb, child[len("IPY_MODEL_"):], seen)
    return found


def saved_figure(nb: dict, index: int) -> bool:
    """Does the saved notebook keep cell ``index``'s figure (its own output or its widget's state)?"""
    cell = nb["cells"][index]
    outs = list(cell.get("outputs", []))
    for mid in _widget_ids(cell):
        outs += _output_widget_outputs(nb, mid)
    return any("image/png" in o.get("data", {}) for o in outs)


# -- widgets in the page ------------------------------------------------------------------------
def widget_error_text(page: Page) -> list[str]:
    return panel(page).locator(f"text={WIDGET_ERROR}").all_inner_texts()


def figure_src(cell: Locator) -> str | None:
    img = cell.locator(".jp-OutputArea-output img")
    return img.first.get_attribute("src") if img.count() else None


def move_first_control(page: Page, cell: Locator) -> str:
    """Move the cell's first slider (drag its handle) or dropdown (pick another option), as a person does."""
    control = cell.locator(CONTROLS).first
    cls = control.get_attribute("class") or ""
    if "widget-dropdown" in cls:
        select = control.locator("select")
        options = select.locator("option").all_inner_texts()
        current = select.input_value()
        values = [o.get_attribute("value") for o in select.locator("option").all()]
        target = next(i for i, v in enumerate(values) if v != current)
        select.select_option(index=target)
        return f"dropdown -> {options[target]!r}"
    readout = control.locator(".widget-readout")
    before = readout.text_content()
    handle = control.locator(".noUi-handle").first
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    track = control.locator(".noUi-target").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # towards the emptier side of the track, by a third of it
    dx = track["width"] / 3 if x < track["x"] + track["width"] / 2 else -track["width"] / 3
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y, steps=4)
    page.mouse.move(x + dx, y, steps=4)
    page.mouse.up()
    try:
        expect(readout).not_to_have_text(before, timeout=10_000)
    except AssertionError:  # the drag did not take: the keyboard, as a person would next
        handle.focus()
        page.keyboard.press("PageUp" if dx > 0 else "PageDown")
        expect(readout).not_to_have_text(before, timeout=10_000)
    return f"slider {before} -> {readout.text_content()}"
