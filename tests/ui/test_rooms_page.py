"""The Rooms area driven through its real widgets: the board, a drop on a free bed, the
keyboard's Ctrl+X / Ctrl+V, the room's rule asking for a reason, a card opening the
record, the placement and room dialogs, and the discharge dialog's rules."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog

from desktop.core.children import intake
from desktop.core.residence import placements, rooms, roster
from desktop.core.residence.placements import PlacementInput
from desktop.views.context import SessionContext
from desktop.views.record_dialogs import DischargeDialog
from desktop.views.residence_dialogs import RoomDialog
from desktop.views.rooms_page import MIME, BedCard, RoomsPage
from tests.leaving import ADULT_ID, leave

NOW = dt.datetime.now(dt.UTC)


def _admit(context: SessionContext, name: str, sex: str, born: dt.date, items=()) -> int:  # type: ignore[no-untyped-def]
    child = intake.register_child(
        context.ops.db, context.user,
        intake.ChildInput(name=name, sex=sex, birth_date=born, category="street"),
        intake.AdmissionInput(arrival_mode="self", arrived_at=NOW - dt.timedelta(days=2)),
        [intake.BelongingInput(item=item) for item in items],
    )  # fmt: skip
    return child.id


@pytest.fixture
def center(context: SessionContext) -> dict[str, int]:
    """Room 101 (boys, 2 beds), room 102 (girls, 2 beds); a boy in 101's first bed, a girl
    and a boy without a placement."""
    db, user = context.ops.db, context.user
    rooms.save_room(db, user, rooms.RoomInput("101", "1", "boys", 2))
    rooms.save_room(db, user, rooms.RoomInput("102", "1", "girls", 2))
    listed = rooms.list_rooms(db, user)
    ids = {
        "b101_1": listed[0].beds[0].id,
        "b101_2": listed[0].beds[1].id,
        "b102_1": listed[1].beds[0].id,
        "ming": _admit(context, "张小明", "male", dt.date(2014, 1, 1)),
        "hong": _admit(context, "王小红", "female", dt.date(2015, 2, 2)),
        "qiang": _admit(context, "李强", "male", dt.date(2009, 1, 1), ["书包"]),
    }
    placements.place(db, user, ids["ming"], PlacementInput("bed", NOW, bed_id=ids["b101_1"]))
    return ids


def _page(qtbot, context: SessionContext) -> RoomsPage:  # type: ignore[no-untyped-def]
    page = RoomsPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


def _where(context: SessionContext, child_id: int) -> str:
    board = roster.board(context.ops.db, context.user)
    return next(r.where for r in board.residents if r.child_id == child_id)


def _drop(card: BedCard, child_id: int) -> None:
    """Deliver a drag carrying the child onto the card, as Qt does at the end of a drag."""
    mime = QMimeData()
    mime.setData(MIME, str(child_id).encode())
    point = QPointF(card.rect().center())
    enter = QDragEnterEvent(
        QPoint(int(point.x()), int(point.y())), Qt.DropAction.MoveAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(card, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        point, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(card, drop)


def test_the_board_shows_rooms_beds_and_children(qtbot, context, center) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, context)
    taken = page.cards[center["b101_1"]]
    # arrived two days before NOW (taken when the module loaded): day 3, or day 4 when the
    # local date has turned since
    day = (
        dt.datetime.now().astimezone().date() - (NOW - dt.timedelta(days=2)).astimezone().date()
    ).days + 1
    assert "张小明" in taken.accessibleName() and f"day {day}" in taken.accessibleName()
    assert day in (3, 4)
    assert "11 years" in taken.accessibleName() or "12 years" in taken.accessibleName()
    assert page.cards[center["b101_2"]].property("bed") == "free"
    assert "Free" in page.cards[center["b101_2"]].accessibleName()
    waiting = [page.unplacedList.item(i).text() for i in range(page.unplacedList.count())]
    assert len(waiting) == 2 and any("王小红" in line for line in waiting)
    assert "4 beds in use: 1 taken, 3 free" in page.summary.text()
    assert not page.cards[center["b101_1"]].acceptDrops()  # a taken bed takes no child


def test_a_child_dropped_on_a_free_bed_is_placed(qtbot, context, center) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, context)
    _drop(page.cards[center["b101_2"]], center["qiang"])
    assert _where(context, center["qiang"]) == "101 · 2"
    # the board redrew itself from the change
    assert "李强" in page.cards[center["b101_2"]].accessibleName()
    assert page.unplacedList.count() == 1


def test_the_rooms_rule_asks_for_a_reason(qtbot, context, center, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def answer(_parent, _title, text):  # type: ignore[no-untyped-def]
        asked.append(text)
        return "女生房间已满", True

    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(answer))
    page = _page(qtbot, context)
    _drop(page.cards[center["b101_2"]], center["hong"])
    assert asked and "for boys" in asked[0]
    assert _where(context, center["hong"]) == "101 · 2"


def test_keyboard_moves_a_child_between_beds(qtbot, context, center) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, context)
    card = page.cards[center["b101_1"]]
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert page.picked == center["ming"]
    free = page.cards[center["b101_2"]]
    qtbot.keyClick(free, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert _where(context, center["ming"]) == "101 · 2"
    assert page.picked is None
    # a side-list line is picked with Ctrl+X too
    page.unplacedList.setCurrentRow(0)
    child = page.unplacedList.currentItem().data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(page.unplacedList, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert page.picked == child


def test_a_card_opens_the_childs_record(qtbot, context, center) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, context)
    card = page.cards[center["b101_1"]]
    with qtbot.waitSignal(page.open_child) as opened:
        qtbot.keyClick(card, Qt.Key.Key_Return)
    assert opened.args == [center["ming"]]


def test_placing_a_child_with_a_foster_family(qtbot, context, center) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, context)
    dialog = page.place(center["hong"])
    assert dialog is not None
    kind = dialog.kind
    kind.setCurrentIndex(kind.findData("foster"))
    assert dialog.place.isVisibleTo(dialog) and not dialog.bed_id.isVisibleTo(dialog)
    dialog.save()  # no place given: refused beside the field
    assert dialog.placeError.isVisibleTo(dialog)
    dialog.place.setText("周家")
    dialog.contact_person.setText("周阿姨")
    dialog.phone.setText("13800000000")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _where(context, center["hong"]) == "Foster family: 周家"
    assert any("周家" in page.outsideList.item(i).text() for i in range(page.outsideList.count()))


def test_an_administrator_adds_a_room(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialog = RoomDialog(context)
    qtbot.addWidget(dialog)
    dialog.name.setText("201")
    dialog.sex_rule.setCurrentIndex(dialog.sex_rule.findData("girls"))
    dialog.beds.setValue(3)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    (room,) = rooms.list_rooms(context.ops.db, context.user)
    assert (room.name, room.sex_rule, room.beds_in_use) == ("201", "girls", 3)


def _discharge_dialog(qtbot, context, child_id: int) -> DischargeDialog:  # type: ignore[no-untyped-def]
    stay = intake.get_child(context.ops.db, context.user, child_id).open_admission
    assert stay is not None
    dialog = DischargeDialog(context, stay.id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_discharging_a_child_under_16_to_a_guardian(qtbot, context, center) -> None:  # type: ignore[no-untyped-def]
    dialog = _discharge_dialog(qtbot, context, center["ming"])
    dialog.discharge_mode.setCurrentIndex(dialog.discharge_mode.findData("collected"))
    assert dialog.collector_name.isVisible() and not dialog.statement_signed.isVisible()
    dialog.save()
    assert dialog.collector_nameError.isVisible()  # no adult: refused beside the name
    dialog.collector_name.setText("张大山")
    dialog.collector_id_number.setText(ADULT_ID)
    dialog.collector_relationship.setText("父亲")
    dialog.collector_checked_by.setText("王主任")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    stay = intake.get_child(context.ops.db, context.user, center["ming"]).admissions[0]
    assert (stay.discharge_mode, stay.collector_name, stay.collector_id_number) == (
        "collected", "张大山", ADULT_ID
    )  # fmt: skip
    assert all(
        r.child_id != center["ming"] for r in roster.board(context.ops.db, context.user).residents
    )


def test_a_16_year_old_leaves_alone_with_the_statement(qtbot, context, center) -> None:  # type: ignore[no-untyped-def]
    dialog = _discharge_dialog(qtbot, context, center["qiang"])
    dialog.discharge_mode.setCurrentIndex(dialog.discharge_mode.findData("self_return"))
    assert dialog.statement_signed.isVisible() and not dialog.collector_name.isVisible()
    assert dialog.belongings.rowCount() == 1
    dialog.statement_signed.setChecked(True)
    dialog.save()
    assert dialog.belongingsError.isVisible()  # the bag is not accounted for
    dialog.belongings.item(0, 1).setText("本人")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    record = intake.get_child(context.ops.db, context.user, center["qiang"])
    assert record.admissions[0].statement_signed
    (bag,) = record.belongings[record.admissions[0].id]
    assert (bag.disposition, bag.returned_to) == ("returned", "本人")


def test_the_childs_record_lists_placements_ends_one_and_reopens(  # type: ignore[no-untyped-def]
    qtbot, context, center, monkeypatch
) -> None:
    from desktop.views.child_record import ChildRecord

    record = ChildRecord(context, center["ming"])
    qtbot.addWidget(record)
    record.show()
    assert record.placements.rows[0].where == "Room 101 · bed 1"
    assert record.placements.data(record.placements.index(0, 1)) == "current"
    assert record.endPlacement.isEnabled() and not record.reopenStay.isEnabled()
    qtbot.mouseClick(record.endPlacement, Qt.MouseButton.LeftButton)
    assert record.placements.rows[0].ended_at is not None
    assert not record.endPlacement.isEnabled()
    assert _where(context, center["ming"]) == ""
    stay = intake.get_child(context.ops.db, context.user, center["ming"]).open_admission
    leave(context.ops.db, context.user, stay.id, dt.datetime.now(dt.UTC))
    record.reload()  # written past the runner: nothing announced it
    assert record.reopenStay.isEnabled()
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *_args: ("离站登记有误", True))
    )
    qtbot.mouseClick(record.reopenStay, Qt.MouseButton.LeftButton)
    reopened = intake.get_child(context.ops.db, context.user, center["ming"]).open_admission
    assert reopened is not None and reopened.reopen_reason == "离站登记有误"


def test_place_or_move_opens_for_the_focused_child(qtbot, context, center) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, context)
    page.cards[center["b101_1"]].setFocus()
    qtbot.waitUntil(lambda: page.selected == center["ming"])
    qtbot.mouseClick(page.placeChild, Qt.MouseButton.LeftButton)
    dialog = page.findChild(QDialog, "PlacementDialog")
    assert dialog is not None and "张小明" in dialog.intro.text()
    assert dialog.windowTitle() == "Move a child"
    dialog.reject()


def test_done_when_a_new_user_runs_the_residence(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Rooms set up, three children admitted, one dragged to a bed and moved by drag and
    drop, one placed with a foster family, one collected by a guardian, one of 16 leaving
    alone with the statement; the roster of the day lists all three, and the next day's
    would list only who is left."""
    admin_dialog = RoomDialog(context)
    qtbot.addWidget(admin_dialog)
    admin_dialog.name.setText("101")
    admin_dialog.beds.setValue(2)
    admin_dialog.save()
    ming = _admit(context, "张小明", "male", dt.date(2014, 1, 1))
    hong = _admit(context, "王小红", "female", dt.date(2015, 2, 2))
    qiang = _admit(context, "李强", "male", dt.date(2009, 1, 1))
    page = _page(qtbot, context)
    first, second = (bed.id for bed in page.board_data.rooms[0].beds)
    _drop(page.cards[first], ming)
    _drop(page.cards[second], ming)  # moved by drag and drop
    assert _where(context, ming) == "101 · 2"
    dialog = page.place(hong)
    dialog.kind.setCurrentIndex(dialog.kind.findData("foster"))
    dialog.place.setText("周家")
    dialog.save()
    assert _where(context, hong) == "Foster family: 周家"
    today = dt.date.today()
    day = roster.roster(context.ops.db, context.user, today)
    assert {r.name: r.where for r in day} == {
        "张小明": "101 · 2", "王小红": "Foster family: 周家", "李强": ""
    }  # fmt: skip
    guardian = _discharge_dialog(qtbot, context, ming)
    guardian.discharge_mode.setCurrentIndex(guardian.discharge_mode.findData("collected"))
    for name, value in (
        ("collector_name", "张大山"),
        ("collector_id_number", ADULT_ID),
        ("collector_relationship", "父亲"),
        ("collector_checked_by", "王主任"),
    ):
        getattr(guardian, name).setText(value)  # fmt: skip
    guardian.save()
    alone = _discharge_dialog(qtbot, context, qiang)
    alone.discharge_mode.setCurrentIndex(alone.discharge_mode.findData("self_return"))
    alone.statement_signed.setChecked(True)
    alone.save()
    assert guardian.result() == alone.result() == QDialog.DialogCode.Accepted
    # today both were still here for part of the day; from tomorrow only the fostered child
    assert len(roster.roster(context.ops.db, context.user, today)) == 3
    tomorrow = roster.roster(context.ops.db, context.user, today + dt.timedelta(days=1))
    assert [r.name for r in tomorrow] == ["王小红"]
    assert [r.child_id for r in roster.board(context.ops.db, context.user).residents] == [hong]


def test_the_board_speaks_the_chosen_language(qtbot, context, center, translators) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, context)
    translators.install("zh_CN")
    qtbot.waitUntil(lambda: page.title.text() == "床位")
    assert "空床" in page.cards[center["b101_2"]].accessibleName()
    assert "可用床位 4 张" in page.summary.text()
    translators.install("en")
    qtbot.waitUntil(lambda: "Free" in page.cards[center["b101_2"]].accessibleName())
