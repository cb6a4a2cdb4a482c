"""The test of the test: the lane's chapter check (test_chapters.check_notebook) fails on a synthetic
chapter whose widget cell raises, and on one whose plot is gone after a reload; a sound synthetic
chapter passes it."""
from __future__ import annotations

import nbformat
import pytest

import jlab
from test_chapters import check_notebook

SETUP = "from course.runtime.widgets import explore, slider, dropdown, new_axes\n"
DRAW = """
def draw(n, style="-"):
    fig, ax = new_axes(f"n = {n}", "x", "y")
    ax.plot(range(n + 1), [x * x for x in range(n + 1)], style)
"""
FIXTURES = {
    # sound: the figure follows its slider and survives a reload
    "sound": [SETUP + DRAW, 'explore(draw, n=slider("n", 5, 2, 40), style=dropdown("style", ["-", "o"]))'],
    # a teaching widget cell whose draw function raises (the error lands inside its Output widget)
    "widget_raises": [SETUP + DRAW,
                      'explore(draw, n=slider("n", 5, 2, 40))',
                      'def broken(n):\n    raise ValueError(f"cannot draw n={n}")\n\n'
                      'explore(broken, n=slider("n", 5, 2, 40))'],
    # a plot shown at run time that is not in the widget state the page restores after a reload:
    # an Output widget whose outputs are not synced back to the kernel
    "plot_vanishes": [SETUP + DRAW,
                      "import ipywidgets as w\nimport matplotlib.pyplot as plt\n"
                      "from traitlets import Dict\nfrom ipywidgets.widgets.trait_types import TypedTuple\n\n"
                      "class Forgetful(w.Output):\n    outputs = TypedTuple(trait=Dict())  # not synced\n\n"
                      "n = slider('n', 5, 2, 40)\nout = Forgetful()\n"
                      "def redraw(*_):\n    with out:\n        out.clear_output(wait=True)\n"
                      "        draw(n.value)\n        plt.show()\n"
                      "n.observe(redraw, names='value')\ndisplay(w.VBox([n, out]))\nredraw()"],
}


@pytest.fixture
def fixture_notebook(student_server, request):
    name = request.param
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in FIXTURES[name]])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    rel = f"zz_lane_fixtures/{name}.ipynb"
    (student_server.root / rel).parent.mkdir(exist_ok=True)
    nbformat.write(nb, student_server.root / rel)
    yield rel
    jlab.shutdown_kernels(student_server)


@pytest.mark.parametrize("fixture_notebook", ["sound"], indirect=True)
def test_sound_fixture_passes(page, student_server, fixture_notebook):
    problems, notes = check_notebook(page, student_server, fixture_notebook, "lane-fixture-sound")
    assert not problems
    assert any("figure changed" in n for n in notes), notes


@pytest.mark.parametrize("fixture_notebook", ["widget_raises"], indirect=True)
def test_lane_fails_when_a_widget_cell_raises(page, student_server, fixture_notebook):
    problems, _ = check_notebook(page, student_server, fixture_notebook, "lane-fixture-widget-raises")
    assert any("error in a teaching cell: cell 2 (in its widget): ValueError: cannot draw n=5" in p
               for p in problems), problems


@pytest.mark.parametrize("fixture_notebook", ["plot_vanishes"], indirect=True)
def test_lane_fails_when_a_plot_is_gone_after_reload(page, student_server, fixture_notebook):
    problems, notes = check_notebook(page, student_server, fixture_notebook, "lane-fixture-plot-vanishes")
    assert any("figure changed" in n for n in notes), (problems, notes)  # fine before the reload
    assert any(p.startswith("after reload: cell 1's figure is gone") for p in problems), problems
