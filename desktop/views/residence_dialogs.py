"""The dialogs of the Rooms area: a child's placement (a bed, or a place outside the
center) and a room with its number of beds."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QWidget

from desktop.core import fields
from desktop.core.i18n import _, pgettext
from desktop.core.residence import placements, rooms
from desktop.core.residence.roster import Board, Resident
from desktop.views.context import SessionContext
from desktop.views.kit.field_widgets import (
    choice_of,
    fill_choices,
    moment_of,
    set_choice,
    set_text,
    text_of,
)
from desktop.views.kit.ui_types import PlacementDialogWidgets, RoomDialogWidgets
from desktop.views.record_dialogs import FormDialog

OUTSIDE = ("place", "address", "contact_person", "phone")
PLACEMENT_NAMES = ("kind", "bed_id", *OUTSIDE, "started_at", "notes", "sex_override_reason")


def free_beds(board: Board) -> list[tuple[int, str]]:
    """(bed id, "Room 101 · bed 2") of every bed in use that nobody sleeps in."""
    return [
        (bed.id, _("Room {room} · bed {bed}").format(room=room.name, bed=bed.label))
        for room in board.rooms
        for bed in room.beds
        if bed.in_use and not bed.occupied
    ]


class PlacementDialog(FormDialog, PlacementDialogWidgets):
    """Gives a child in the center a bed or a place outside; moves a child already placed
    (the current placement ends when the next begins). The reason to set a room's rule
    aside is asked for only when the core says the room is for the other sex."""

    def __init__(self, context: SessionContext, resident: Resident, board: Board,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__("placement_dialog", PLACEMENT_NAMES, context, parent)
        self.resident = resident
        moving = bool(resident.kind)
        self.setWindowTitle(_("Move a child") if moving else _("Place a child"))
        where = resident.where or _("no placement")
        self.intro.setText(
            _("{case} {name} — now: {where}").format(
                case=resident.case_no, name=resident.shown_name, where=where
            )
        )
        fill_choices(self.kind, fields.PLACEMENT["kind"])
        self.bed_id.addItem(pgettext("placeholder", "Choose…"), None)
        for bed_id, text in free_beds(board):
            self.bed_id.addItem(text, bed_id)
        self.started_at.setDateTime(QDateTime.currentDateTime())
        self.kind.currentIndexChanged.connect(self._show_rows)
        self._show_reason(False)
        self._show_rows()

    def choose_bed(self, bed_id: int) -> None:
        """Preselect a bed (the board's free bed the child was dropped on)."""
        set_choice(self.kind, "bed")
        self.bed_id.setCurrentIndex(max(0, self.bed_id.findData(bed_id)))

    def _show_rows(self) -> None:
        bed = self.kind.currentData() == "bed"
        for widget in (self.bed_id, self.bed_idLabel):
            widget.setVisible(bed)
        for name in OUTSIDE:
            for widget in (getattr(self, name), getattr(self, f"{name}Label")):
                widget.setVisible(not bed)

    def _show_reason(self, shown: bool) -> None:
        for widget in (self.sex_override_reason, self.sex_override_reasonLabel):
            widget.setVisible(shown)

    def store(self) -> None:
        kind = choice_of(self.kind, "kind", required=True)
        bed = kind == "bed"
        data = placements.PlacementInput(
            kind=kind,
            started_at=moment_of(self.started_at.dateTime()),
            bed_id=self.bed_id.currentData() if bed else None,
            notes=text_of(self.notes),
            sex_override_reason=text_of(self.sex_override_reason),
            **{name: "" if bed else text_of(getattr(self, name)) for name in OUTSIDE},
        )
        service = placements.move if self.resident.kind else placements.place
        try:
            self.write(service, self.resident.child_id, data)
        finally:
            if self.sex_override_reasonError.isVisible():
                self._show_reason(True)


class RoomDialog(FormDialog, RoomDialogWidgets):
    """Adds a room, or changes one and the number of its beds in use."""

    def __init__(self, context: SessionContext, room: rooms.RoomView | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__("room_dialog", ("name", "floor", "sex_rule", "beds", "note"),
                         context, parent)  # fmt: skip
        self.room = room
        fill_choices(self.sex_rule, fields.ROOM["sex_rule"])
        self.beds.setMaximum(fields.MAX_BEDS)
        set_choice(self.sex_rule, "mixed")
        self.beds.setValue(4)
        if room is not None:
            self.setWindowTitle(_("Room {room}").format(room=room.name))
            set_text(self.name, room.name)
            set_text(self.floor, room.floor)
            set_choice(self.sex_rule, room.sex_rule)
            self.beds.setValue(room.beds_in_use)
            set_text(self.note, room.note)

    def store(self) -> None:
        data = rooms.RoomInput(
            name=text_of(self.name),
            floor=text_of(self.floor),
            sex_rule=choice_of(self.sex_rule, "sex_rule", required=True),
            beds=self.beds.value(),
            note=text_of(self.note),
        )
        self.write(rooms.save_room, data, self.room.id if self.room else None)
