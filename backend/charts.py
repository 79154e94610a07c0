"""Bar charts as plain geometry for server-rendered SVG (templates/transparency.html).

No JavaScript and no chart library: a chart is its bars' rectangles, labels and values,
computed here, drawn by the template. Every bar carries its number, which the page's
tables repeat.
"""

from dataclasses import dataclass, field

WIDTH = 640
LABEL_WIDTH = 170  # room for a horizontal bar's label
ROW_HEIGHT = 24
BAR_HEIGHT = 16


@dataclass
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    series: int = 0  # which colour (the page's legend)


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    # (x, y, text) of the axis labels: category names or weeks.
    labels: list[tuple[float, float, str]] = field(default_factory=list)
    maximum: float = 0


def _scale(maximum: float, room: float):
    return (lambda value: room * value / maximum) if maximum > 0 else (lambda value: 0)


def horizontal(items: list[tuple[str, float]]) -> Chart:
    """One bar per (label, value), a row each, longest possible bar for the largest value."""
    room = WIDTH - LABEL_WIDTH - 60  # the value is written after the bar
    maximum = max((value for _, value in items), default=0)
    length = _scale(maximum, room)
    chart = Chart(WIDTH, max(1, len(items)) * ROW_HEIGHT + 8, maximum=maximum)
    for row, (label, value) in enumerate(items):
        top = 4 + row * ROW_HEIGHT
        chart.bars.append(Bar(label, value, LABEL_WIDTH, top, length(value), BAR_HEIGHT))
        chart.labels.append((LABEL_WIDTH - 6, top + BAR_HEIGHT - 3, label))
    return chart


def weekly(weeks: list[str], series: list[list[float]], height: int = 180) -> Chart:
    """Grouped vertical bars: for each week, one bar per series (values in week order)."""
    plot_top, plot_bottom, left = 10, height - 34, 36
    maximum = max((value for values in series for value in values), default=0)
    length = _scale(maximum, plot_bottom - plot_top)
    slot = (WIDTH - left) / max(1, len(weeks))
    bar_width = max(1.0, (slot - 2) / max(1, len(series)))
    chart = Chart(WIDTH, height, maximum=maximum)
    for index, week in enumerate(weeks):
        for number, values in enumerate(series):
            bar_height = length(values[index])
            chart.bars.append(Bar(week, values[index], left + index * slot + number * bar_width,
                                  plot_bottom - bar_height, bar_width, bar_height, number))
        if (len(weeks) - 1 - index) % 4 == 0:  # every fourth week's name fits, this week's too
            chart.labels.append((left + (index + 1) * slot, height - 18, week))  # its end
    return chart
