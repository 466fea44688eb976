"""Counts read right in English (1 child, 2 children; 1 page, 3 pages) and in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import i18n
from desktop.core.audit.trail import ChainReport
from desktop.core.clock import age_in_words

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("ago", "english", "chinese"),
    [
        (dt.timedelta(hours=1), "1 hour ago", "1 小时前"),
        (dt.timedelta(hours=2), "2 hours ago", "2 小时前"),
        (dt.timedelta(hours=23, minutes=59), "23 hours ago", "23 小时前"),
        (dt.timedelta(days=1), "1 day ago", "1 天前"),
        (dt.timedelta(days=3), "3 days ago", "3 天前"),
    ],
)
def test_time_ago(ago: dt.timedelta, english: str, chinese: str) -> None:
    assert age_in_words(NOW - ago, NOW) == english
    i18n.set_language("zh_CN")
    assert age_in_words(NOW - ago, NOW) == chinese


def test_the_children_list_counts_one_child(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.children import intake
    from desktop.views.children_page import ChildrenPage

    page = ChildrenPage(context)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.resultCount.text() == "0 children")
    stay = intake.AdmissionInput(arrived_at=NOW - dt.timedelta(days=1), arrival_mode="self")
    intake.register_child(context.ops.db, context.user, intake.ChildInput(sex="male"), stay)
    page.refresh()
    qtbot.waitUntil(lambda: page.resultCount.text() == "1 child")
    intake.register_child(context.ops.db, context.user, intake.ChildInput(sex="female"), stay)
    page.refresh()
    qtbot.waitUntil(lambda: page.resultCount.text() == "2 children")


def test_the_preview_counts_pages(qtbot, translators) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.forms import notice_form
    from desktop.core.forms.samples import sample_case
    from desktop.views.print_preview import PrintPreviewDialog

    dialog = PrintPreviewDialog(notice_form.build(sample_case()), "notice")
    qtbot.addWidget(dialog)
    assert dialog.pages.text() == "1 page"
    translators.install("zh_CN")
    again = PrintPreviewDialog(notice_form.build(sample_case()), "notice")
    qtbot.addWidget(again)
    assert again.pages.text() == "共 1 页"


def test_the_audit_check_counts_entries(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from desktop.views.audit_page import AuditPage

    page = AuditPage(context)
    qtbot.addWidget(page)
    page._show_chain(ChainReport(entries=1))
    assert page.chainStatus.text() == "The trail is intact: 1 entry, not changed or removed."
    page._show_chain(ChainReport(entries=2))
    assert page.chainStatus.text() == "The trail is intact: 2 entries, none changed or removed."
