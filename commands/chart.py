"""What a chart shows, as plain data an ``Answer`` carries: categories and values with their
labels already worded, never pixels. Each face draws it its own way (``bot/charts.py`` with
matplotlib); the figures are also in the answer's lines, so nothing is lost without a picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# What a series stands for; a renderer picks its colour and pattern from this, so the same
# thing looks the same in every chart.
ROLES = (
    "plan",
    "delivered",
    "forecast",
    "target",
    "stretch",
    "cost",
    "funding",
    "gap",
    "benefit",
)


@dataclass(frozen=True)
class Bars:
    """One series of bars: its legend label, a value per category (None where there is
    nothing), the label printed on each bar, and its role."""

    label: str
    values: tuple[Decimal | None, ...]
    labels: tuple[str, ...]
    role: str


@dataclass(frozen=True)
class BarChart:
    categories: tuple[str, ...]
    bars: tuple[Bars, ...]
    axis: str  # the value axis with its unit, e.g. "£ thousands"


@dataclass(frozen=True)
class Line:
    label: str
    values: tuple[Decimal, ...]
    role: str
    end_label: str  # printed at the line's last point


@dataclass(frozen=True)
class Mark:
    """A point to call out on a line chart (the payback period)."""

    index: int
    value: Decimal
    label: str


@dataclass(frozen=True)
class LineChart:
    periods: tuple[str, ...]
    lines: tuple[Line, ...]
    marks: tuple[Mark, ...]
    axis: str


@dataclass(frozen=True)
class Span:
    """A phase as a bar from its first to its last day; ``open_end`` when the paper gives no
    end (the bar then runs to the chart's edge)."""

    label: str
    first: date
    last: date
    open_end: bool


@dataclass(frozen=True)
class Event:
    """A checkpoint or gateway on the timeline; ``exact`` is False for a month-only date."""

    label: str
    day: date
    kind: str
    exact: bool


@dataclass(frozen=True)
class Timeline:
    spans: tuple[Span, ...]
    events: tuple[Event, ...]
    today: date
    today_label: str


@dataclass(frozen=True)
class Chart:
    """A chart: ``name`` for its file, ``title`` naming the programme, ``subtitle`` naming the
    source, ``summary`` the figures in words (alt text for screen readers), and what to draw."""

    name: str
    title: str
    subtitle: str
    summary: str
    body: BarChart | LineChart | Timeline
