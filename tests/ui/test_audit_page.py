"""The audit trail screen: entries, filters, details, and a broken chain."""

from __future__ import annotations

import datetime as dt
import sqlite3

from PySide6.QtCore import Qt

from desktop.core.children import intake
from desktop.core.staff import accounts
from desktop.views.audit_page import AuditPage
from tests.conftest import PASSWORD


def _page(qtbot, context) -> AuditPage:  # type: ignore[no-untyped-def]
    page = AuditPage(context)
    qtbot.addWidget(page)
    page.show()
    return page


def _column(page: AuditPage, column: int) -> list[str]:
    model = page.auditTable.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_entries_newest_first_with_what_changed(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    accounts.create_staff(context.ops.db, context.user, "zhangwei", "张伟", "intake", PASSWORD)
    page = _page(qtbot, context)
    actions = _column(page, 2)
    assert actions[0] == "Created" and "Signed in" in actions
    assert _column(page, 3)[0] == "Staff member"
    page.auditTable.selectRow(0)
    assert "Full name: — → 张伟" in page.details.toPlainText()
    assert "full_name" not in page.details.toPlainText()
    qtbot.waitUntil(lambda: "intact" in page.chainStatus.text())


def test_filter_by_staff_and_record(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    other = accounts.create_staff(
        context.ops.db, context.user, "zhangwei", "张伟", "admin", PASSWORD
    )
    accounts.authenticate(context.ops.db, "zhangwei", PASSWORD)
    page = _page(qtbot, context)
    page.staffFilter.setCurrentIndex(page.staffFilter.findData(other.id))
    page.applyFilter.click()
    assert set(_column(page, 1)) == {"zhangwei"}
    page.staffFilter.setCurrentIndex(0)
    page.entityFilter.setCurrentIndex(page.entityFilter.findData("center"))
    page.applyFilter.click()
    assert _column(page, 3) == ["Center profile"]
    page.resetFilter.click()
    assert len(_column(page, 0)) >= 4


def test_a_tampered_trail_is_reported(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    with sqlite3.connect(context.ops.db.path) as raw:
        raw.execute("UPDATE audit_entry SET actor = 'intruder' WHERE id = 1")
    page = _page(qtbot, context)
    qtbot.waitUntil(lambda: "broken" in page.chainStatus.text())
    assert "entry 1" in page.chainStatus.text()
    assert page.chainStatus.property("role") == "error"


def test_the_audit_screen_opens_while_another_task_holds_the_write_lock(
    qtbot, context, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Its background check only reads: a backup or import writing elsewhere never fails it."""
    from desktop.core.store import db as store

    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 50)
    context.ops.db.close()
    page = _page(qtbot, context)
    qtbot.waitUntil(lambda: "intact" in page.chainStatus.text())
    other = sqlite3.connect(context.ops.db.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        page.chainStatus.setText("")
        page.verify()
        qtbot.waitUntil(lambda: "intact" in page.chainStatus.text())
    finally:
        other.execute("ROLLBACK")
        other.close()


def _register(context, alias: str) -> str:  # type: ignore[no-untyped-def]
    """Register a child with a belonging; return its case number."""
    child = intake.register_child(
        context.ops.db, context.user,
        intake.ChildInput(alias=alias, sex="female", estimated_age=9, category="street"),
        intake.AdmissionInput(arrival_mode="self", arrived_at=dt.datetime.now(dt.UTC),
                              receiving_staff_id=context.user.id),
        [intake.BelongingInput(item="书包")],
    )  # fmt: skip
    return intake.get_child(context.ops.db, context.user, child.id).child.case_no


def test_each_entry_names_its_child_and_one_child_can_be_shown(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    first = _register(context, "小红")
    second = _register(context, "小兰")
    page = _page(qtbot, context)
    named = dict(zip(_column(page, 3), _column(page, 5), strict=True))
    assert named["Belonging"] in {f"{first} “小红”", f"{second} “小兰”"}
    assert named["Staff member"] == ""
    qtbot.keyClicks(page.caseFilter, second)
    qtbot.keyClick(page.caseFilter, Qt.Key.Key_Return)
    assert set(_column(page, 5)) == {f"{second} “小兰”"}
    assert {"Child", "Admission", "Belonging"} <= set(_column(page, 3))
    page.resetFilter.click()
    assert page.caseFilter.text() == ""
    assert {f"{first} “小红”", f"{second} “小兰”", ""} <= set(_column(page, 5))
