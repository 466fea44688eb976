"""The history and the audit screen name fields by their labels, never by column names."""

from __future__ import annotations

import pytest

from desktop.core.audit import entries, labels
from desktop.core.store.models import AuditEntry


def _entry(entity: str, before: dict[str, object] | None, after: dict[str, object]) -> AuditEntry:
    """An entry as the trail writes it: the fields that changed, before and after."""
    return AuditEntry(
        entity=entity, action="update", changes=entries.dump_changes(entries.diff(before, after))
    )


def test_a_changed_child_reads_with_labels_and_choice_names() -> None:
    entry = _entry(
        "child",
        {"name": "张小明", "sex": "unknown", "dialect": "", "updated_at": "a"},
        {"name": "张小明", "sex": "male", "dialect": "四川话", "updated_at": "b"},
    )
    lines = labels.describe_change(entry).splitlines()
    assert lines == ["Dialect: — → 四川话", "Sex: Unknown → Male", "Changed at: a → b"]
    assert not any(line.startswith(("sex", "dialect", "name")) for line in lines)


def test_an_unchanged_field_is_not_listed_and_nothing_changed_says_so() -> None:
    same = {"name": "李华", "sex": "female"}
    assert labels.describe_change(_entry("child", same, same)) == "No field changed."


def test_a_new_record_lists_every_field_from_nothing() -> None:
    text = labels.describe_change(_entry("note", None, {"text": "夜间哭闹", "kind": "daily"}))
    assert "Text: — → 夜间哭闹" in text.splitlines()


def test_unknown_kinds_and_columns_fall_back_to_their_names() -> None:
    assert labels.field_label("mystery", "colour") == "colour"
    assert labels.entity_label("mystery") == "mystery"
    assert labels.action_label("teleport") == "teleport"
    assert labels.entity_label("child") == "Child"
    assert labels.action_label("void") == "Voided"


def test_a_damaged_entry_is_described_not_a_crash() -> None:
    for damaged in ("{not json", "[1, 2]", '{"name": 5}', '{"name": [1]}'):
        broken = AuditEntry(entity="child", action="update", changes=damaged)
        assert labels.describe_change(broken) == "No field changed."


def test_yes_and_no_for_flags() -> None:
    assert labels.shown_value("contact", "legal_guardian", True) == "yes"
    assert labels.shown_value("contact", "legal_guardian", False) == "no"


@pytest.mark.usefixtures("china_time")
def test_stored_moments_show_in_local_time_and_empty_values_are_not_a_change() -> None:
    entry = _entry("note", None, {"at": "2026-11-29T20:40:03.926000+00:00",
                                  "void_reason": "", "staff_id": 1})  # fmt: skip
    lines = labels.describe_change(entry).splitlines()
    assert "When: — → 2026-11-30 04:40" in lines
    assert "Staff: — → 1" in lines
    assert not any("void" in line.lower() for line in lines)  # None before, "" after


def test_text_that_only_looks_like_a_time_stays_as_written() -> None:
    assert labels.shown_value("note", "text", "Tuesday") == "Tuesday"
    assert labels.shown_value("note", "text", "2026-11-29T20:40") == "2026-11-29T20:40"


def test_a_staff_account_reads_with_labels_and_no_password_digest() -> None:
    entry = _entry(
        "staff",
        {"password_hash": "sha256:aaaa", "failed_logins": 0, "active": True},
        {"password_hash": "sha256:bbbb", "failed_logins": 1, "active": True},
    )
    lines = labels.describe_change(entry).splitlines()
    assert "Wrong passwords in a row: 0 → 1" in lines
    assert not any("sha256" in line for line in lines)
    assert "Password: Changed" in lines
    assert not any(line.startswith("Active") for line in lines)  # unchanged


def test_the_program_is_named_in_words_and_staff_by_user_name() -> None:
    assert labels.actor_label("command line") == "the command line"
    assert labels.actor_label("system") == "the program (scheduled task)"
    assert labels.actor_label("zhangwei") == "zhangwei"


def test_every_stored_column_of_a_kind_in_the_trail_has_a_label() -> None:
    """No column name reaches the history pane: each column the trail can hold is named."""
    from desktop.core.audit.kinds import ENTITY_LABELS
    from desktop.core.store.models import Base

    unnamed = [
        f"{mapper.local_table.name}.{column.name}"
        for mapper in Base.registry.mappers
        if mapper.local_table.name in ENTITY_LABELS
        for column in mapper.local_table.columns
        if labels.field_label(mapper.local_table.name, column.name) == column.name
    ]
    assert unnamed == []


def test_the_history_reads_as_chinese_with_full_width_colons() -> None:
    from desktop.core import i18n

    entry = _entry(
        "child",
        {"sex": "unknown", "category": "street", "education": None},
        {"sex": "male", "category": "unattended", "education": "primary"},
    )
    task = _entry("task", None, {"kind": "dna_request", "cancelled": False})
    try:
        i18n.set_language("zh_CN")
        lines = labels.describe_change(entry).splitlines()
        task_lines = labels.describe_change(task).splitlines()
        assert labels.entity_label("note") == "服务记录"
        assert labels.action_label("return") == "已归还"
    finally:
        i18n.set_language("en")
    assert lines == ["类别：流浪乞讨 → 事实无人抚养", "受教育程度：— → 小学", "性别：不详 → 男"]
    assert "待办事项：— → 报请公安机关采集 DNA 血样" in task_lines
    assert "已取消：— → 否" in task_lines
    assert not any(
        ":" in line or "male" in line or "dna_request" in line for line in lines + task_lines
    )


def test_an_export_entry_is_told_in_words() -> None:
    from desktop.core.audit.labels import field_label, shown_value

    assert field_label("export", "rows") == "Rows" and field_label("export", "file") == "File"
    assert field_label("export", "period") == "Period"
    assert shown_value("export", "what", "children") == "Children"
    assert shown_value("ledger", "what", "ledger") == "The ledger (台账)"
    assert shown_value("export", "what", "other") == "other"
