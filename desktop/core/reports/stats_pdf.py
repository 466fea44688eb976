"""The printed statistics report (统计报表) of a period, on the forms kit, in Chinese.

Each figure is a table with its bar chart beside it; the summary of stays is a
table alone. The header is the center's, as on every printed form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer
from sqlalchemy.orm import Session

from desktop.core.center import CENTER_ID
from desktop.core.forms import fonts, kit
from desktop.core.forms.values import chinese_date
from desktop.core.i18n import CHINESE, translated_in
from desktop.core.reports.figures import Statistics, Table
from desktop.core.store.models import Center

TITLE = "未成年人救助保护统计报表"
#: The chart's width beside its table, and the most bars it draws.
CHART_WIDTH = 78 * mm
MOST_BARS = 10
BAR = colors.Color(0.16, 0.42, 0.62)


def _zh(text: str) -> str:
    return translated_in(text, CHINESE)


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def bar_chart(table: Table, width: float = CHART_WIDTH) -> Drawing:
    """A horizontal bar chart of the table's first number column (at most ``MOST_BARS``)."""
    rows = [row for row in table.rows if isinstance(row[1], int | float)][:MOST_BARS]
    labels = [str(row[0]) for row in rows][::-1]
    values = [float(row[1]) for row in rows][::-1]
    bar_height = 5.2 * mm
    height = max(len(rows), 1) * bar_height + 10 * mm
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    label_width = min(max((fonts.string_width(label, 8) for label in labels), default=10) + 4,
                      width * 0.45)  # fmt: skip
    chart.x = label_width
    chart.y = 6 * mm
    chart.width = width - label_width - 12 * mm
    chart.height = height - 8 * mm
    chart.data = [values or [0.0]]
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = fonts.MAIN
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    top = max(values, default=0.0)
    chart.valueAxis.valueMax = top * 1.15 if top > 0 else 1
    chart.valueAxis.labels.fontName = fonts.MAIN
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = lambda value: _number(int(value) if value == int(value) else value)
    chart.barLabels.fontName = fonts.MAIN
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    return drawing


def _figure(table: Table) -> list[Flowable]:
    """A figure's heading, its table and, beside it, its chart."""
    shown = table.translated(_zh)
    heading = kit.para(shown.title, kit.style(12))
    columns = len(shown.headers)
    table_width = kit.CONTENT_WIDTH - (CHART_WIDTH + 4 * mm if table.chart else 0)
    first = table_width * (0.5 if columns > 2 else 0.6)
    widths = [first] + [(table_width - first) / (columns - 1)] * (columns - 1)
    body = [[str(row[0]), *(_number(value) for value in row[1:])] for row in shown.rows]
    if table.chart:
        body.append(["合计", str(table.total), *[""] * (columns - 2)])
    grid = kit.column_table([shown.headers], body, widths, size=9,
                            centred=list(range(1, columns)))  # fmt: skip
    laid: Any = kit.beside(grid[0], bar_chart(shown), CHART_WIDTH) if table.chart else grid[0]
    return [KeepTogether([heading, Spacer(1, 2 * mm), laid]), Spacer(1, 6 * mm)]


def render_statistics(session: Session, figures: Statistics) -> bytes:
    """The report of ``figures`` as PDF bytes (the center's header on every page)."""
    center = session.get(Center, CENTER_ID)
    name = (center.form_header.strip() or center.name.strip()) if center else ""
    period = figures.period
    heading = kit.Heading(
        center=name,
        title=TITLE,
        logo=center.logo if center else None,
        printed_on=chinese_date(dt.date.today()),
    )
    last = period.end_day - dt.timedelta(days=1)
    story: list[Flowable] = [
        kit.para(
            f"统计期间：{chinese_date(period.first_day)}至{chinese_date(last)}　　"
            f"入站 {figures.admissions} 人次　　离站 {figures.discharges} 人次",
            kit.style(10.5),
        ),
        Spacer(1, 5 * mm),
    ]
    for table in figures.tables:
        story += _figure(table)
    return kit.build_pdf(heading, story, subject=f"{TITLE} {period.slug()}")
