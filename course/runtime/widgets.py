"""Sliders and charts that look alike in every notebook.

    from course.runtime.widgets import explore, slider, log_slider, dropdown, new_axes

    def draw(vnodes, nodes):
        fig, ax = new_axes("Load spread", "virtual nodes per node", "max / mean load")
        ax.plot(...)

    explore(draw, vnodes=log_slider("vnodes", 100, 1, 1000), nodes=slider("nodes", 10, 2, 50))

Under nbgrader (``NBGRADER_EXECUTION`` is set while autograding or
validating) no widget is shown: ``explore`` draws once with the default
values, so the static figure still lands in the feedback page, and the cell
costs no time waiting on a front end that is not there.
"""
from __future__ import annotations

import html
import os
from typing import Any, Callable, Iterable, Sequence

import matplotlib

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f"]
FIGSIZE = (7.5, 3.6)


def is_autograding() -> bool:
    """True while nbgrader executes the notebook (autograde or validate)."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def apply_style() -> None:
    """The course's matplotlib look: one palette, light grid, readable sizes."""
    from cycler import cycler

    matplotlib.rcParams.update({
        "figure.figsize": FIGSIZE,
        "figure.dpi": 90,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=PALETTE),
        "axes.titleweight": "bold",
        "font.size": 10,
        "legend.frameon": False,
    })


def new_axes(title: str = "", xlabel: str = "", ylabel: str = "", *, figsize=None, logx=False, logy=False):
    """A styled figure with one axes: returns ``(fig, ax)``."""
    import matplotlib.pyplot as plt

    apply_style()
    fig, ax = plt.subplots(figsize=figsize or FIGSIZE)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    return fig, ax


# -- controls ------------------------------------------------------------------
_LAYOUT = {"width": "460px"}
_STYLE = {"description_width": "180px"}


def slider(description: str, value, min, max, step=None, readout_format=None):
    """An int slider when every number given is an int, else a float slider."""
    import ipywidgets as w

    numbers = [value, min, max] + ([step] if step is not None else [])
    if all(isinstance(v, int) and not isinstance(v, bool) for v in numbers):
        return w.IntSlider(value=value, min=min, max=max, step=step or 1, description=description,
                           continuous_update=False, layout=_LAYOUT, style=_STYLE)
    kwargs = {"readout_format": readout_format} if readout_format else {}
    return w.FloatSlider(value=value, min=min, max=max, step=step or (max - min) / 100, description=description,
                         continuous_update=False, layout=_LAYOUT, style=_STYLE, **kwargs)


def log_slider(description: str, value: float, min: float, max: float, base: float = 10, readout_format=".3g"):
    """A slider over orders of magnitude (``min``/``max`` are values, not exponents)."""
    import math

    import ipywidgets as w

    return w.FloatLogSlider(value=value, base=base, min=math.log(min, base), max=math.log(max, base),
                            step=0.01, description=description, readout_format=readout_format,
                            continuous_update=False, layout=_LAYOUT, style=_STYLE)


def dropdown(description: str, options: Sequence | dict, value=None):
    import ipywidgets as w

    kwargs = {"value": value} if value is not None else {}
    return w.Dropdown(options=options, description=description, layout=_LAYOUT, style=_STYLE, **kwargs)


def _value(control: Any) -> Any:
    return control.value if hasattr(control, "value") else control


def explore(draw: Callable[..., Any], **controls) -> None:
    """Call ``draw(**values)`` now and again whenever a control moves.

    ``controls`` are widgets (from :func:`slider` and friends) or plain values
    (held fixed). Under nbgrader, draws once with the defaults and shows no widget.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    if is_autograding():
        draw(**{name: _value(c) for name, c in controls.items()})
        plt.show()
        return

    import ipywidgets as w

    out = w.Output()

    def redraw(*_):
        with out:
            out.clear_output(wait=True)
            draw(**{name: _value(c) for name, c in controls.items()})
            plt.show()

    widgets = [c for c in controls.values() if isinstance(c, w.ValueWidget)]
    for widget in widgets:
        widget.observe(redraw, names="value")
    display(w.VBox([w.VBox(widgets), out]))
    redraw()


# -- tables ----------------------------------------------------------------------
def table_html(rows: Iterable[Sequence[Any]], headers: Sequence[str] = ()) -> str:
    """A small HTML table (values are shown with ``str``)."""
    head = "".join(f"<th style='text-align:left'>{html.escape(str(h))}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td style='text-align:left'>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in rows
    )
    return f"<table>{'<tr>' + head + '</tr>' if head else ''}{body}</table>"


def show_table(rows: Iterable[Sequence[Any]], headers: Sequence[str] = ()) -> None:
    from IPython.display import HTML, display

    display(HTML(table_html(rows, headers)))
