"""The Rooms area: the occupancy board. Rooms as a grid of beds with each occupant's
name, age and days in residence, free beds plain to see; beside it the children placed
outside the center and those without a placement. A child goes to a free bed by drag
and drop, or by keyboard (Ctrl+X on the child, Ctrl+V on the bed); Place or move…
opens the placement dialog; a child's card opens the record."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import fields
from desktop.core.errors import HomewardError
from desktop.core.i18n import _, ngettext
from desktop.core.residence import placements, rooms, roster
from desktop.core.residence.placements import PlacementInput, RoomRuleWarning
from desktop.core.residence.roster import Board, Resident
from desktop.core.staff.permissions import Permission
from desktop.core.store.models import utcnow
from desktop.views.context import SessionContext
from desktop.views.kit.field_widgets import day_of
from desktop.views.kit.style import say_done
from desktop.views.kit.ui_types import RoomsPageWidgets
from desktop.views.kit.uiloader import load_ui
from desktop.views.operations import Refused
from desktop.views.print_preview import RosterDayDialog, print_roster
from desktop.views.residence_dialogs import PlacementDialog, RoomDialog

#: The drag's payload: the id of the child being moved.
MIME = "application/x-homeward-child"
#: Kinds of record whose change the board shows.
SHOWN_KINDS = ("room", "bed", "placement", "admission", "child")
#: The width a room of two beds across takes on the board.
ROOM_WIDTH = 270
BOARD_STYLE = """
QFrame[bed="free"] { background: #f1f8f1; border: 1px dashed #6f9f6f; border-radius: 5px; }
QFrame[bed="taken"] { background: palette(base); border: 1px solid #b9c6d2; border-radius: 5px; }
QFrame[bed="closed"] { background: #eeeeee; border: 1px solid #d0d0d0; border-radius: 5px; }
QFrame[bed]:focus { border: 2px solid #2b5f8a; }
QFrame[picked="true"] { border: 2px dashed #8a5a00; }
"""


def resident_line(resident: Resident) -> str:
    """ "张小明 · 12 years · day 5" (age unknown: left out)."""
    parts = [resident.shown_name]
    if resident.age is not None:
        parts.append(ngettext("{n} year", "{n} years", resident.age).format(n=resident.age))
    parts.append(_("day {n}").format(n=resident.days))
    return " · ".join(parts)


class BedCard(QFrame):
    """One bed: its occupant (dragged away, opened) or free (a child dropped on it)."""

    dropped = Signal(int, int)  # child id, bed id
    opened = Signal(int)  # child id
    picked = Signal(int)  # child id (Ctrl+X)
    pasted = Signal(int)  # bed id (Ctrl+V)
    use_changed = Signal(int, bool)  # bed id, in use
    chosen = Signal(int)  # child id of a taken bed that got the focus

    def __init__(
        self,
        bed: rooms.BedView,
        resident: Resident | None,
        manage: bool,
        sources: tuple[QListWidget, ...],
    ) -> None:
        super().__init__()
        self.bed, self.resident, self.manage, self.sources = bed, resident, manage, sources
        self._press: QPoint | None = None
        state = "taken" if resident else ("free" if bed.in_use else "closed")
        self.setProperty("bed", state)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(112, 64)
        self.setAcceptDrops(state == "free")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        head = QLabel(_("Bed {bed}").format(bed=bed.label))
        head.setProperty("role", "cardTitle")
        layout.addWidget(head)
        if resident is not None:
            text = resident_line(resident)
            self.setToolTip(f"{resident.case_no} {text}")
        else:
            text = _("Free") if bed.in_use else _("Out of use")
        body = QLabel(text)
        body.setWordWrap(True)
        layout.addWidget(body)
        self.setAccessibleName(_("{label}: {value}").format(label=head.text(), value=text))

    # dragging a child away ---------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        self.setFocus()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        start = self._press
        if self.resident is None or start is None:
            return
        if (event.position().toPoint() - start).manhattanLength() < (
            QApplication.startDragDistance()
        ):
            return
        self._press = None
        mime = QMimeData()
        mime.setData(MIME, str(self.resident.child_id).encode())
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(self.grab())
        drag.exec(Qt.DropAction.MoveAction)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.resident is not None:
            self.opened.emit(self.resident.child_id)

    # a child dropped here ------------------------------------------------------------------

    def _child_of(self, event: QDragEnterEvent | QDropEvent) -> int | None:
        mime = event.mimeData()
        if mime.hasFormat(MIME):
            return int(bytes(mime.data(MIME).data()).decode())
        source = event.source()
        if isinstance(source, QListWidget) and source in self.sources:
            item = source.currentItem()
            value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            return value if isinstance(value, int) else None
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._child_of(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        child = self._child_of(event)
        if child is not None:
            event.acceptProposedAction()
            self.dropped.emit(child, self.bed.id)

    # keyboard and menu -----------------------------------------------------------------------

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.resident is not None:
            self.chosen.emit(self.resident.child_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.resident is not None:
            self.opened.emit(self.resident.child_id)
        elif event.matches(QKeySequence.StandardKey.Cut) and self.resident is not None:
            self.picked.emit(self.resident.child_id)
        elif event.matches(QKeySequence.StandardKey.Paste) and self.acceptDrops():
            self.pasted.emit(self.bed.id)
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if not self.manage or self.resident is not None:
            return
        menu = QMenu(self)
        if self.bed.in_use:
            action = menu.addAction(_("Take out of use"))
        else:
            action = menu.addAction(_("Bring back into use"))
        if menu.exec(event.globalPos()) is action:
            self.use_changed.emit(self.bed.id, not self.bed.in_use)


class _RuleWarning:
    """Catches the room-rule warning of a drop, to ask for the reason; shows nothing."""

    def __init__(self) -> None:
        self.warning: RoomRuleWarning | None = None

    def show_error(self, error: HomewardError) -> bool:
        if isinstance(error, RoomRuleWarning):
            self.warning = error
            return True
        return False


class _ListKeys(QObject):
    """Ctrl+X on a child in a side list picks the child for Ctrl+V on a free bed."""

    def __init__(self, page: RoomsPage) -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        cut = (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.matches(QKeySequence.StandardKey.Cut)
        )
        item = watched.currentItem() if cut and isinstance(watched, QListWidget) else None
        if item is not None:
            self.page.pick(item.data(Qt.ItemDataRole.UserRole))
            return True
        return False


class RoomsPage(QWidget, RoomsPageWidgets):
    """The occupancy board, redrawn after every change to rooms, beds or stays."""

    #: A child's card or line was opened: the child's id.
    open_child = Signal(int)

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("rooms_page", self)
        self.context = context
        self.board_data: Board | None = None
        self.residents: dict[int, Resident] = {}
        self.cards: dict[int, BedCard] = {}
        self.picked: int | None = None
        #: The child whose card or line last had the focus (for Place or move…).
        self.selected: int | None = None
        self.columns = 1
        self.boardContents.setStyleSheet(BOARD_STYLE)
        self.board.viewport().installEventFilter(self)
        self.grid = QGridLayout(self.boardContents)
        self.grid.setSpacing(12)
        self.addRoom.setVisible(context.can(Permission.EDIT_SETTINGS))
        self.addRoom.clicked.connect(lambda: self.edit_room(None))
        self.placeChild.clicked.connect(self.place_selected)
        self.printRoster.clicked.connect(self.print_roster)
        keys = _ListKeys(self)
        for listing in (self.outsideList, self.unplacedList):
            listing.setDragEnabled(True)
            listing.setDragDropMode(QListWidget.DragDropMode.DragOnly)
            listing.itemActivated.connect(self._open_item)
            listing.currentItemChanged.connect(self._choose_item)
            listing.installEventFilter(keys)
        self.refresh()
        context.ops.follow(self, lambda changes: changes.touches(*SHOWN_KINDS), self.refresh)

    # reading and drawing ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the board again and draw it."""
        self.show_board(self.context.ops.read(roster.board))

    def show_board(self, board: Board) -> None:
        """Draw the rooms, the side lists and the summary."""
        self.board_data = board
        self.residents = {r.child_id: r for r in board.residents}
        if self.picked not in self.residents:
            self.picked = None
        self._draw_rooms(board)
        self._fill_list(self.outsideList, board.outside(), with_place=True)
        self._fill_list(self.unplacedList, board.unplaced(), with_place=False)
        in_use = sum(bed.in_use for room in board.rooms for bed in room.beds)
        taken = len(board.in_bed())
        self.summary.setText(
            _(
                "{beds} beds in use: {taken} taken, {free} free · {outside} placed outside · "
                "{unplaced} without a placement"
            ).format(
                beds=in_use,
                taken=taken,
                free=in_use - taken,
                outside=len(board.outside()),
                unplaced=len(board.unplaced()),
            )
        )
        if not board.rooms:
            self.summary.setText(
                self.summary.text() + " · " + _("No rooms yet: an administrator adds them.")
            )

    def _draw_rooms(self, board: Board) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cards = {}
        self.columns = self._columns()
        in_bed = board.in_bed()
        manage = self.context.can(Permission.EDIT_SETTINGS)
        sources = (self.outsideList, self.unplacedList)
        for number, room in enumerate(board.rooms):
            box = QGroupBox(self._room_title(room, in_bed))
            box.setAccessibleName(box.title())
            layout = QGridLayout(box)
            layout.setSpacing(6)
            for place, bed in enumerate(room.beds):
                card = BedCard(bed, in_bed.get(bed.id), manage, sources)
                card.dropped.connect(self.drop)
                card.opened.connect(self.open_child)
                card.picked.connect(self.pick)
                card.pasted.connect(self.paste)
                card.use_changed.connect(self.set_bed_in_use)
                card.chosen.connect(self._choose)
                card.setProperty(
                    "picked", bool(card.resident and card.resident.child_id == self.picked)
                )
                layout.addWidget(card, place // 2, place % 2)
                self.cards[bed.id] = card
            if manage:
                edit = QToolButton()
                edit.setText(_("Edit room…"))
                edit.clicked.connect(lambda _checked=False, r=room: self.edit_room(r))
                layout.addWidget(edit, (len(room.beds) + 1) // 2, 0, 1, 2)
            self.grid.addWidget(box, number // self.columns, number % self.columns)
        self.grid.setRowStretch(self.grid.rowCount(), 1)

    def _columns(self) -> int:
        """How many rooms fit side by side in the board's width."""
        return max(1, (self.board.viewport().width() - 12) // ROOM_WIDTH)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Lay the rooms out again when the board's width lets more or fewer sit side by side."""
        resized = watched is self.board.viewport() and event.type() == QEvent.Type.Resize
        if resized and self.board_data is not None and self._columns() != self.columns:
            self._draw_rooms(self.board_data)
        return False

    def _room_title(self, room: rooms.RoomView, in_bed: dict[int, Resident]) -> str:
        taken = sum(bed.id in in_bed for bed in room.beds)
        rule = fields.ROOM["sex_rule"].choice_label(room.sex_rule)
        floor = _("floor {floor}").format(floor=room.floor) if room.floor else ""
        parts = [room.name, floor, rule, f"{taken}/{room.beds_in_use}"]
        return " · ".join(part for part in parts if part)

    def _fill_list(self, listing: QListWidget, residents: list[Resident], with_place: bool) -> None:
        listing.clear()
        for resident in residents:
            text = f"{resident.case_no} {resident_line(resident)}"
            if with_place:
                text += f"\n{resident.where}"
            item = QListWidgetItem(text, listing)
            item.setData(Qt.ItemDataRole.UserRole, resident.child_id)

    def _open_item(self, item: QListWidgetItem) -> None:
        child_id = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(child_id, int):
            self.open_child.emit(child_id)

    # acting ------------------------------------------------------------------------------------

    def drop(self, child_id: int, bed_id: int) -> None:
        """Put the child in the bed now: a move when the child has a placement."""
        resident = self.residents.get(child_id)
        if resident is None:
            return
        data = PlacementInput("bed", utcnow(), bed_id=bed_id)
        service = placements.move if resident.kind else placements.place
        catcher = _RuleWarning()
        try:
            self.context.ops.attempt(self, catcher, service, child_id, data)
        except Refused:
            if catcher.warning is None:
                return
            reason, given = QInputDialog.getMultiLineText(
                self, _("The room's rule"), catcher.warning.message
            )
            if not given or not reason.strip():
                return
            retry = dataclasses.replace(data, sex_override_reason=reason)
            try:
                self.context.ops.write(self, service, child_id, retry)
            except Refused:
                return
        self.picked = None
        say_done(
            self,
            _("{name} is now in bed {bed}.").format(
                name=resident.shown_name, bed=self._bed_text(bed_id)
            ),
        )

    def _bed_text(self, bed_id: int) -> str:
        board = self.board_data
        for room in board.rooms if board else ():
            for bed in room.beds:
                if bed.id == bed_id:
                    return _("Room {room} · bed {bed}").format(room=room.name, bed=bed.label)
        return str(bed_id)

    def pick(self, child_id: Any) -> None:
        """Remember the child to put in the next bed Ctrl+V is pressed on."""
        if isinstance(child_id, int) and child_id in self.residents:
            self.picked = child_id
            say_done(
                self,
                _("{name} picked: press Ctrl+V on a free bed.").format(
                    name=self.residents[child_id].shown_name
                ),
            )

    def paste(self, bed_id: int) -> None:
        """Put the picked child in this bed."""
        if self.picked is not None:
            self.drop(self.picked, bed_id)

    def _choose(self, child_id: int) -> None:
        self.selected = child_id

    def _choose_item(self, item: QListWidgetItem | None) -> None:
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(value, int):
            self.selected = value

    def selected_child(self) -> int | None:
        """The child whose bed card or side-list line last had the focus, if still here."""
        chosen = self.selected if self.selected is not None else self.picked
        return chosen if chosen in self.residents else None

    def place_selected(self) -> None:
        """Open the placement dialog for the selected child."""
        child_id = self.selected_child()
        if child_id is None or self.board_data is None:
            say_done(self, _("Select a child on the board or in a list first."))
            return
        self.place(child_id)

    def place(self, child_id: int, bed_id: int | None = None) -> QDialog | None:
        """Open the placement dialog for the child (with the bed chosen, if given)."""
        resident = self.residents.get(child_id)
        if resident is None or self.board_data is None:
            return None
        dialog = PlacementDialog(self.context, resident, self.board_data, self)
        if bed_id is not None:
            dialog.choose_bed(bed_id)
        dialog.open()
        return dialog

    def edit_room(self, room: rooms.RoomView | None) -> None:
        """Add a room, or change one (administrators)."""
        RoomDialog(self.context, room, self).open()

    def set_bed_in_use(self, bed_id: int, in_use: bool) -> None:
        """Take a free bed out of use, or bring it back."""
        try:
            self.context.ops.write(self, rooms.set_bed_in_use, bed_id, in_use)
        except Refused:
            return

    def print_roster(self) -> None:
        """Show the printed roster of a day (在站人员名册)."""
        dialog = RosterDayDialog(self)
        dialog.accepted.connect(lambda: print_roster(self.context, day_of(dialog.day.date()), self))
        dialog.open()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.board_data is not None:
            self.show_board(self.board_data)
        super().changeEvent(event)
