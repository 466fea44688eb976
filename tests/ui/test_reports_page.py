"""The Reports area: the figures of the chosen period in tabs, each a table with its
chart; the period controls; the statistics to a file and to the PDF report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QTableWidget

from desktop.core.children import intake
from desktop.views.kit import long_work
from desktop.views.kit.bar_chart import BarChart
from desktop.views.reports_page import ReportsPage
from tests.integration.childtools import add_child
from tests.ui.conftest import make_staff


def _page(qtbot, context) -> ReportsPage:  # type: ignore[no-untyped-def]
    page = ReportsPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 650)
    page.show()
    return page


def _choose(page: ReportsPage, kind: str, year: int, number: int | None = None) -> None:
    page.periodKind.setCurrentIndex(page.periodKind.findData(kind))
    page._kind_changed()
    page.year.setValue(year)
    if number is not None:
        page.periodNumber.setCurrentIndex(page.periodNumber.findData(number))
        page.refresh()


def _shown(qtbot, page: ReportsPage, period: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: page.figures_shown is not None and page.figures_shown.period.slug() == period,
        timeout=20_000,
    )


def test_a_month_in_tables_and_charts(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    db, user = context.ops.db, context.user
    add_child(db, user, name="张三", category="lost")  # arrived 2026-03-02
    add_child(db, user, name="李四", sex="female", category="street")
    page = _page(qtbot, context)
    _choose(page, "month", 2026, 3)
    _shown(qtbot, page, "2026-03")
    assert page.summary.text() == "3/2026: 2 admissions, 0 discharges"
    assert page.figures.count() == 13
    assert [page.figures.tabText(i) for i in (7, 8, 9, 10)] == [
        "Placements elsewhere begun, by kind", "Return homes completed (handed over)",
        "Return-home plans under way at the end of the period", "Follow-up visits made",
    ]  # fmt: skip
    assert page.figures.tabText(0) == "Admissions by category"
    first = page.figures.widget(0)
    assert first is not None
    grid = first.findChild(QTableWidget, "figureTable")
    chart = first.findChild(BarChart, "figureChart")
    assert grid is not None and chart is not None
    assert [grid.item(r, 0).text() for r in range(2)] == ["Living or begging on the street", "Lost"]
    assert [grid.item(r, 1).text() for r in range(2)] == ["1", "1"]
    assert chart.lines[:3] == [("Living or begging on the street", 1.0), ("Lost", 1.0),
                               ("De facto without care", 0.0)]  # fmt: skip
    stays = page.figures.widget(6)
    assert stays is not None and stays.findChild(BarChart, "figureChart") is None  # no chart
    _choose(page, "month", 2026, 4)
    _shown(qtbot, page, "2026-04")
    assert page.summary.text() == "4/2026: 0 admissions, 0 discharges"


def test_the_period_controls(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, context)
    _choose(page, "quarter", 2025, 2)
    assert page.periodNumber.count() == 4 and page.period().slug() == "2025-Q2"
    _choose(page, "year", 2024)
    assert page.periodNumber.isHidden() and page.period().slug() == "2024"
    _choose(page, "month", 2024, 12)
    assert page.periodNumber.count() == 12 and page.period().slug() == "2024-12"


def test_a_new_child_is_counted_without_asking(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, context)
    _choose(page, "month", 2026, 3)
    _shown(qtbot, page, "2026-03")
    assert page.figures_shown is not None and page.figures_shown.admissions == 0
    context.ops.write(
        page, intake.register_child, intake.ChildInput(sex="male"),
        intake.AdmissionInput(arrived_at=dt.datetime(2026, 3, 9, 12, tzinfo=dt.UTC)),
    )  # fmt: skip
    qtbot.waitUntil(lambda: page.summary.text().endswith("1 admissions, 0 discharges"),
                    timeout=20_000)  # fmt: skip


def test_statistics_to_excel_and_pdf(qtbot, context, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    add_child(context.ops.db, context.user, name="张三", category="lost")
    page = _page(qtbot, context)
    _choose(page, "month", 2026, 3)
    book = tmp_path / "march.xlsx"
    monkeypatch.setattr(long_work, "ask_table_file", lambda *_a: book)
    page.exportStats.click()
    qtbot.waitUntil(lambda: page.written == book, timeout=20_000)
    assert "Admissions by category" in load_workbook(book).sheetnames
    pdf = tmp_path / "march"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(pdf), ""))
    page.pdfReport.click()
    qtbot.waitUntil(lambda: page.written == tmp_path / "march.pdf", timeout=20_000)
    assert (tmp_path / "march.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("role", ["viewer", "caseworker"])
def test_figures_for_everyone_files_for_those_who_may(qtbot, context, role: str) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, make_staff(context, "someone", role))
    assert page.figures.isVisible()
    assert not page.exportStats.isVisible() and not page.pdfReport.isVisible()
    assert not page.ledgerBox.isVisible()


def test_the_chart_draws_in_any_room(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_lines([(f"省份{n}", float(n % 7)) for n in range(34)])
    assert chart.minimumSizeHint().height() < chart.sizeHint().height()  # it may close up
    for width, height in ((600, 900), (300, 120), (200, 80)):
        chart.resize(width, height)
        image = chart.grab().toImage()
        assert image.width() == width and image.height() == height
    chart.set_lines([("零", 0.0)])  # nothing to scale by: no bar, no division by zero
    assert not chart.grab().isNull()
