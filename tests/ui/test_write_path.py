"""Every write goes through the one runner, and every screen follows what it changed.

- No view calls a core service with the database itself (an AST scan of desktop/views).
- Two open record windows of one child both show a change made in either.
- A re-admission refused halfway leaves the database byte for byte as it was.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

import desktop.views
from desktop.core.children import intake
from desktop.views.child_record import ChildRecord
from desktop.views.intake_dialog import ADMIT, IntakeDialog
from desktop.views.operations import Operations
from tests.leaving import leave

VIEWS = Path(desktop.views.__file__).parent
#: Core calls made before anyone is signed in, so there is no runner yet: signing in,
#: setting up a new computer, opening the database, and the sign-in screen's profile.
BEFORE_SIGN_IN = {
    ("app.py", "get_center"),
    ("app.py", "get_setting"),
    ("app.py", "maybe_daily_snapshot"),
    ("app.py", "snapshot_on_exit"),
    ("sign_in.py", "authenticate"),
    ("setup_wizard.py", "initialise"),
}


def _resolve(node: ast.expr, namespace: dict[str, Any]) -> Any:
    """The object a call's function expression names in ``namespace`` (None if unknown)."""
    if isinstance(node, ast.Name):
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, namespace)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def _local_imports(tree: ast.Module) -> dict[str, Any]:
    """Names bound by imports inside functions (the views import lazily for start-up)."""
    found: dict[str, Any] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("desktop"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                value = getattr(module, alias.name, None)
                if value is None:
                    value = importlib.import_module(f"{node.module}.{alias.name}")
                found[alias.asname or alias.name] = value
    return found


def _calls_outside_readers(tree: ast.Module) -> list[ast.Call]:
    """The calls not inside a function that takes the database first (after ``self``):
    such a function is a reader the runner calls with its own database, since no
    view holds the database itself (the test below)."""
    calls: list[ast.Call] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names = [argument.arg for argument in node.args.args if argument.arg != "self"]
            if names[:1] == ["db"]:
                return
        if isinstance(node, ast.Call):
            calls.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return calls


def direct_core_calls(path: Path) -> list[str]:
    """Calls in ``path`` of core functions that take the database as their first argument."""
    name = f"desktop.views.{'.'.join(path.relative_to(VIEWS).with_suffix('').parts)}"
    module = importlib.import_module(name)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    namespace = {**vars(module), **_local_imports(tree)}
    found = []
    for node in _calls_outside_readers(tree):
        target = _resolve(node.func, namespace)
        if not inspect.isfunction(target) or not target.__module__.startswith("desktop.core"):
            continue
        parameters = list(inspect.signature(target).parameters)
        if parameters[:1] == ["db"] and (path.name, target.__name__) not in BEFORE_SIGN_IN:
            found.append(f"{path.name}:{node.lineno} {target.__module__}.{target.__name__}")
    return found


def test_views_reach_the_core_only_through_the_runner() -> None:
    offenders = [
        call
        for path in sorted(VIEWS.rglob("*.py"))
        if path.name != "operations.py"
        for call in direct_core_calls(path)
    ]
    assert offenders == []


def test_the_scan_finds_a_direct_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan above can fail: a view that calls a service itself is named."""
    sneaky = VIEWS / "_sneaky_view_for_test.py"
    sneaky.write_text(
        "from desktop.core.children import intake\n\n"
        "def save(context):\n"
        "    intake.add_note(context.ops.db, context.user, 1, None)\n",
        encoding="utf-8",
    )
    try:
        assert direct_core_calls(sneaky) == [
            "_sneaky_view_for_test.py:4 desktop.core.children.intake.add_note"
        ]
    finally:
        sneaky.unlink()


def test_views_never_touch_the_database_object() -> None:
    """Only the runner holds the database; no screen reads ``context.ops.db`` or ``.db``."""
    for path in sorted(VIEWS.rglob("*.py")):
        if path.name in {"operations.py", "app.py", "sign_in.py", "setup_wizard.py"}:
            continue
        assert "context.db" not in path.read_text(encoding="utf-8"), path.name
        assert "ops.db" not in path.read_text(encoding="utf-8"), path.name


# --- two windows of one child ---------------------------------------------------------------


def _register(context: Any, **values: Any) -> int:
    child = intake.ChildInput(name=values.get("name", "张小明"), sex="male", category="lost",
                              birth_date=dt.date(2015, 3, 4))  # fmt: skip
    stay = intake.AdmissionInput(arrived_at=dt.datetime(2025, 6, 1, 14, tzinfo=dt.UTC),
                                 arrival_mode="police")  # fmt: skip
    return int(intake.register_child(context.ops.db, context.user, child, stay).id)


def _window(qtbot: Any, context: Any, child_id: int) -> ChildRecord:
    window = ChildRecord(context, child_id)
    qtbot.addWidget(window)
    window.show()
    return window


def test_two_windows_of_one_child_both_show_a_note_added_in_one(qtbot: Any, context: Any) -> None:
    child_id = _register(context)
    first, second = _window(qtbot, context, child_id), _window(qtbot, context, child_id)
    other = _window(qtbot, context, _register(context, name="李华"))
    assert second.notes.rowCount() == 0
    first.noteText.setPlainText("夜间哭闹，已安抚")
    first.addNote.click()
    assert [row.text for row in first.notes.rows] == ["夜间哭闹，已安抚"]
    assert [row.text for row in second.notes.rows] == ["夜间哭闹，已安抚"]
    assert other.notes.rowCount() == 0  # another child's window stays as it was
    assert first.noteText.toPlainText() == ""


def test_a_merge_shows_in_every_window_of_both_children(
    qtbot: Any, context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep = _register(context)
    stay = intake.get_child(context.ops.db, context.user, keep).open_admission
    leave(context.ops.db, context.user, stay.id,
                     dt.datetime(2025, 6, 1, 18, tzinfo=dt.UTC), "collected")  # fmt: skip
    merged = _register(context, name="张晓明")
    merged_case = intake.get_child(context.ops.db, context.user, merged).child.case_no
    keeper, also_keeper = _window(qtbot, context, keep), _window(qtbot, context, keep)
    answers = iter([merged_case, "同一名儿童"])
    monkeypatch.setattr(ChildRecord, "_ask", lambda self, title, label: next(answers))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    keeper.mergeChild.click()
    assert shown == []
    assert also_keeper.admissions.rowCount() == 2
    assert keeper.admissions.rowCount() == 2


def test_a_hidden_page_redraws_when_it_is_shown_again(qtbot: Any, context: Any) -> None:
    from desktop.views.children_page import ChildrenPage

    page = ChildrenPage(context)
    qtbot.addWidget(page)
    page.show()
    assert page.model.total == 0
    page.hide()
    _register_through_runner(context)
    qtbot.wait(50)
    assert page.model.total == 0  # hidden: nothing redrawn yet
    page.show()
    qtbot.waitUntil(lambda: page.model.total == 1)  # searched again on a worker thread
    assert page.resultCount.text() == "1 child"


def _register_through_runner(context: Any) -> None:
    from PySide6.QtWidgets import QWidget

    child = intake.ChildInput(name="王芳", sex="female", category="lost")
    stay = intake.AdmissionInput(arrived_at=dt.datetime(2025, 6, 1, 14, tzinfo=dt.UTC),
                                 arrival_mode="self")  # fmt: skip
    context.ops.write(QWidget(), intake.register_child, child, stay)


def test_the_runner_announces_nothing_for_a_refused_write(
    qtbot: Any, context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.views.operations import Refused

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    heard: list[object] = []
    ops: Operations = context.ops
    ops.changed.connect(heard.append)
    from PySide6.QtWidgets import QWidget

    with pytest.raises(Refused):
        ops.write(QWidget(), intake.add_note, 999_999, intake.NoteInput(text="x"))
    assert heard == [] and shown == ["There is no child with this number."]


# --- a refused re-admission from the intake dialog -------------------------------------------


def _dump(path: Path) -> str:
    with sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True) as raw:
        return "\n".join(raw.iterdump())


def test_a_refused_readmission_from_the_dialog_saves_nothing(qtbot: Any, context: Any) -> None:
    child_id = _register(context)
    stay = intake.get_child(context.ops.db, context.user, child_id).open_admission
    leave(context.ops.db, context.user, stay.id,
                     dt.datetime(2025, 6, 5, 9, tzinfo=dt.UTC), "collected")  # fmt: skip
    record = intake.get_child(context.ops.db, context.user, child_id)
    dialog = IntakeDialog(context, record.child, ADMIT)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.dialect.setText("四川话")  # a profile edit that must not be saved alone
    index = dialog.arrival_mode.findData("self")
    dialog.arrival_mode.setCurrentIndex(index)
    from PySide6.QtCore import QDateTime

    dialog.arrived_at.setDateTime(QDateTime(dt.datetime(2025, 6, 3, 10)))  # before the discharge
    before = _dump(context.ops.db.path)
    dialog.save()
    assert dialog.isVisible()
    assert dialog.arrived_atError.isVisible()
    assert "discharge" in dialog.arrived_atError.text()
    assert _dump(context.ops.db.path) == before
    assert dialog.dialect.text() == "四川话"  # what was typed stays in the form
