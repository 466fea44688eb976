"""A messy ledger (台账) such as centers keep in Excel, for the import tests.

``messy_ledger`` writes a workbook with a notes sheet first, a title merged across
the top, a header with spaces and a line break, dates as real dates, Excel
serials, 2026/1/5, 2026年1月5日 and 20260105, full-width digits, trailing spaces,
a category merged down two rows, and blank rows. Every row is good. ``bad_rows``
adds one row per kind of problem.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HEADERS = ["序号", "姓 名", "性别", "出生日期", "身份证号\n码", "民族", "类别", "入站日期",
           "入站方式", "离站日期", "离站方式", "去向", "备注"]  # fmt: skip

#: (ledger no, name, sex, birth, ID, ethnicity, category, arrived, mode, left, how, to, note)
GOOD: list[list[Any]] = [
    ["1", "张小明 ", "男", dt.datetime(2012, 5, 6), "110105201205060116", "汉族", "走失",
     dt.datetime(2024, 3, 1, 9, 30), "公安护送", "2024/3/5", "接领返乡", "北京市朝阳区", ""],
    ["2", "李小红", "女", "2014年8月9日", "１１０１０５２０１４０８０９０２２７", "汉", "流浪乞讨",
     45500, "自行求助", None, None, None, "仍在站"],
    ["3", "王强", "", 20100102, "110105201001020315", "回族", None,
     "2025/1/5", "其他", "20250110", "护送返乡", "河北省", "类别随上一行合并"],
    ["4", "", "男", None, None, None, "事实无人抚养",
     "2025年6月1日", "公安", None, None, None, "无名儿童"],
]  # fmt: skip


def messy_ledger(path: Path, extra: list[list[Any]] | None = None, blank_rows: bool = True) -> Path:
    """Write the messy sample ledger (plus ``extra`` rows) to ``path``; return it."""
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "填表说明"
    notes["A1"] = "本表为城南救助站历年受助儿童台账，请勿改动表头。"
    sheet = book.create_sheet("受助儿童台账")
    sheet["A1"] = "城南未成年人救助保护中心 受助儿童台账（2024-2025）"
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append(HEADERS)
    rows = [list(row) for row in GOOD] + [list(row) for row in extra or []]
    for number, row in enumerate(rows):
        sheet.append(row)
        if blank_rows and number in (2, 3):
            sheet.append([None, "   "])
    # 王强's category cell is merged with 李小红's above it (流浪乞讨 for both).
    sheet.merge_cells("G4:G5")
    sheet["G4"] = "流浪乞讨"
    book.save(path)
    return path


def bad_rows() -> list[list[Any]]:
    """One row per kind of problem the dry run names."""
    return [
        ["5", "赵六", "男", None, "110105201205060117", "汉族", "走失",
         "2025-02-01", "公安护送", None, None, None, "身份证校验位错"],
        ["6", "钱七", "男", None, None, None, "外星人", "2025-02-01", None, None, None, None, ""],
        ["7", "孙八", "女", "2013-02-30", None, None, "走失", "2025-02-01", None, None, None,
         None, ""],
        ["8", "张小明", "男", None, "110105201205060116", None, "走失", "2025-02-03", None,
         None, None, None, "重复"],
        ["9", "周九", "男", None, None, None, "走失", "下周", None, None, None, None, ""],
    ]  # fmt: skip


def ledger_rows(count: int, start: dt.date = dt.date(2020, 1, 1)) -> list[list[Any]]:
    """``count`` good, distinct rows (no ID numbers; distinct names and birth dates)."""
    rows = []
    for number in range(count):
        born = start - dt.timedelta(days=3650 + number % 2000)
        arrived = dt.datetime.combine(start + dt.timedelta(days=number % 1500), dt.time(10))
        rows.append([str(number + 100), f"儿童{number:06d}", "男" if number % 2 else "女",
                     born, None, "汉族", "流浪乞讨", arrived, "公安护送",
                     arrived + dt.timedelta(days=3), "接领返乡", "", ""])  # fmt: skip
    return rows


def plain_ledger(path: Path, rows: list[list[Any]]) -> Path:
    """A simple one-sheet ledger with the messy ledger's headers."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path
