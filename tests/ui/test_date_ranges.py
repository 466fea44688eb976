"""The date edits of the children list and the audit trail hold only sensible dates."""

from __future__ import annotations


def test_the_date_edits_hold_only_sensible_dates(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    from desktop.views.audit_page import AuditPage
    from desktop.views.children_page import ChildrenPage

    children, trail = ChildrenPage(context), AuditPage(context)
    qtbot.addWidget(children)
    qtbot.addWidget(trail)
    for edit in (children.arrivedFrom, children.arrivedTo, trail.dateFrom, trail.dateTo):
        assert edit.minimumDate() == QDate(1900, 1, 1), edit.objectName()
        assert edit.maximumDate() == QDate(2099, 12, 31), edit.objectName()
