"""Drawing a ``commands.chart.Chart`` as a PNG with matplotlib, for a phone screen.

matplotlib is imported only when a chart is drawn (it takes about half a second), so
``cyps ask savings 1.6`` never pays for it. Figures are drawn with matplotlib's object API
on the Agg canvas (no display, no pyplot state shared between the bot's threads).

Large type, the unit on the value axis, the programme in the title and the source under it,
values printed on the bars, and the Okabe-Ito palette, which reads for the common kinds of
colour blindness; forecasts and gaps also carry a hatch so no series depends on colour alone.
"""

from __future__ import annotations

import io
import textwrap
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commands.chart import BarChart, Chart, LineChart, Timeline

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}
# role -> (colour, hatch); commands.chart.ROLES lists the roles.
STYLE = {
    "plan": (OKABE_ITO["blue"], ""),
    "target": (OKABE_ITO["blue"], ""),
    "stretch": (OKABE_ITO["sky blue"], ""),
    "benefit": (OKABE_ITO["blue"], ""),
    "delivered": (OKABE_ITO["bluish green"], ""),
    "forecast": (OKABE_ITO["orange"], "//"),
    "funding": (OKABE_ITO["bluish green"], ""),
    "cost": (OKABE_ITO["vermillion"], ""),
    "gap": (OKABE_ITO["orange"], "//"),
}
EVENT_COLOURS = {"gateway": OKABE_ITO["blue"], "checkpoint": OKABE_ITO["reddish purple"]}
WIDTH_INCHES, DPI = 10.0, 120  # 1,200 pixels wide: sharp on a phone, small to upload
TITLE_SIZE, SUBTITLE_SIZE, TEXT_SIZE, LABEL_SIZE = 20, 12, 15, 13


def render_png(chart: Chart) -> bytes:
    """The chart as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = 6.5
    if isinstance(chart.body, Timeline):
        height = max(6.5, 2.6 + 0.62 * len(chart.body.spans))
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    figure.suptitle(
        textwrap.fill(chart.title, 54), fontsize=TITLE_SIZE, fontweight="bold", x=0.01, ha="left"
    )  # the title names the programme; the footer its source (commands.chart.Chart)
    footer = textwrap.shorten(chart.subtitle, 250, placeholder="…")
    figure.supxlabel(
        textwrap.fill(footer, 100), fontsize=SUBTITLE_SIZE, x=0.01, ha="left", color="#333"
    )
    axes.tick_params(labelsize=TEXT_SIZE)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    body = chart.body
    if isinstance(body, BarChart):
        _bars(axes, body)
    elif isinstance(body, LineChart):
        _lines(axes, body)
    else:
        _timeline(axes, body)
    out = io.BytesIO()
    figure.savefig(out, format="png", facecolor="white")
    return out.getvalue()


def write_png(chart: Chart, path: Path) -> Path:
    """Draw ``chart`` into ``path`` (its folder is made if need be)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_png(chart))
    return path


def _money_axis(axes: Axes, label: str) -> None:
    from matplotlib.ticker import FuncFormatter

    axes.set_ylabel(label, fontsize=TEXT_SIZE)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.10g}"))
    axes.grid(axis="y", color="#ddd")
    axes.set_axisbelow(True)


def _bars(axes: Axes, body: BarChart) -> None:
    count = max(1, len(body.bars))
    width = 0.8 / count
    positions = range(len(body.categories))
    label_size = LABEL_SIZE if count * len(body.categories) <= 12 else LABEL_SIZE - 3
    for number, series in enumerate(body.bars):
        colour, hatch = STYLE.get(series.role, (OKABE_ITO["black"], ""))
        kept = [(i, v, t) for i, v, t in zip(positions, series.values, series.labels, strict=True)]
        kept = [(i, v, t) for i, v, t in kept if v is not None]
        offset = (number - (count - 1) / 2) * width
        drawn = axes.bar(
            [i + offset for i, _, _ in kept],
            [float(v) for _, v, _ in kept if v is not None],
            width * 0.95,
            label=series.label,
            color=colour,
            hatch=hatch,
            edgecolor="white" if hatch else colour,
        )
        axes.bar_label(drawn, labels=[t for _, _, t in kept], padding=3, fontsize=label_size)
    axes.set_xticks(list(positions), body.categories)
    _money_axis(axes, body.axis)
    axes.margins(y=0.15)
    axes.legend(fontsize=TEXT_SIZE - 1, frameon=False, loc="upper left")


def _lines(axes: Axes, body: LineChart) -> None:
    positions = list(range(len(body.periods)))
    for line in body.lines:
        colour, _ = STYLE.get(line.role, (OKABE_ITO["black"], ""))
        style: dict[str, Any] = (
            {"linestyle": "--", "marker": "s"} if line.role == "cost" else {"marker": "o"}
        )
        values = [float(v) for v in line.values]
        axes.plot(
            positions, values, color=colour, linewidth=3, markersize=8, label=line.label, **style
        )
        axes.annotate(
            line.end_label,
            (positions[-1], values[-1]),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=LABEL_SIZE,
            color=colour,
            fontweight="bold",
        )
    for number, mark in enumerate(body.marks):
        axes.annotate(
            mark.label,
            (mark.index, float(mark.value)),
            xytext=(-30, 40 + 28 * number),
            textcoords="offset points",
            fontsize=LABEL_SIZE,
            arrowprops={"arrowstyle": "->", "color": "#333"},
        )
    axes.set_xticks(positions, body.periods)
    axes.set_xlim(-0.3, len(positions) - 0.4)
    _money_axis(axes, body.axis)
    axes.margins(y=0.12)
    axes.legend(fontsize=TEXT_SIZE - 1, frameon=False, loc="upper left")


def _timeline(axes: Axes, body: Timeline) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num

    days = [d for s in body.spans for d in (s.first, s.last)] + [e.day for e in body.events]
    start = min(days) - timedelta(days=30)
    end = max(days) + timedelta(days=45)
    rows = list(range(len(body.spans)))
    for row, span in zip(rows, body.spans, strict=True):
        length = max(1.0, float(date2num(span.last) - date2num(span.first)) + 1)
        axes.barh(
            row,
            length,
            left=date2num(span.first),
            height=0.6,
            color=OKABE_ITO["sky blue"],
            hatch="//" if span.open_end else "",
            edgecolor=OKABE_ITO["blue"],
        )
    axes.set_yticks(rows, [textwrap.fill(s.label, 26) for s in body.spans], fontsize=LABEL_SIZE)
    axes.invert_yaxis()
    for event in body.events:
        colour = EVENT_COLOURS.get(event.kind, OKABE_ITO["black"])
        # a month-only date (counted from the 1st) is dotted, a fixed day dashed
        style = "--" if event.exact else ":"
        axes.axvline(date2num(event.day), color=colour, linestyle=style, linewidth=2.5)
        axes.annotate(
            event.label,
            (date2num(event.day), 0.02),
            xycoords=("data", "axes fraction"),
            xytext=(-4, 0),
            textcoords="offset points",
            rotation=90,
            ha="right",
            va="bottom",
            fontsize=LABEL_SIZE - 1,
            color=colour,
            backgroundcolor=(1, 1, 1, 0.7),
        )
    _today_line(axes, body.today, body.today_label, start, end)
    axes.set_xlim(date2num(start), date2num(end))
    locator = AutoDateLocator(maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.grid(axis="x", color="#eee")


def _today_line(axes: Axes, today: date, label: str, start: date, end: date) -> None:
    """The as-of date's line; outside the programme's dates, a note at the nearer edge."""
    from matplotlib.dates import date2num

    text = f"{label} {today.day} {today:%b %Y}"
    if start <= today <= end:
        right_half = (today - start) > (end - start) / 2
        axes.axvline(date2num(today), color=OKABE_ITO["black"], linewidth=2.5)
        axes.annotate(
            text,
            (date2num(today), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-5 if right_half else 5, -4),
            textcoords="offset points",
            ha="right" if right_half else "left",
            fontsize=LABEL_SIZE,
            fontweight="bold",
            va="top",
            backgroundcolor=(1, 1, 1, 0.8),
        )
        return
    later = today > end
    axes.annotate(
        text + (" →" if later else ""),
        (1.0 if later else 0.0, 1.0),
        xycoords="axes fraction",
        xytext=(-6 if later else 6, -4),
        textcoords="offset points",
        ha="right" if later else "left",
        va="top",
        fontsize=LABEL_SIZE,
        fontweight="bold",
    )


def save_charts(charts: tuple[Chart, ...], folder: Path, out: Path | None = None) -> list[Path]:
    """Write each chart as a PNG: the first to ``out`` when given, the rest (and all without
    ``out``) to ``folder`` under their own names. Returns the files written."""
    written = []
    for number, chart in enumerate(charts):
        path = out if out is not None and number == 0 else folder / f"{chart.name}.png"
        written.append(write_png(chart, path))
    return written
