"""One Chinese term per concept (docs/glossary.md), contexts for two-meaning words, and no
Chinese glued together in code with half-width punctuation."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from desktop.core.resources import resources_dir

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
PO = resources_dir() / "locale" / "zh_CN" / "LC_MESSAGES" / "homeward.po"


@dataclass(frozen=True)
class Term:
    """A row of the glossary: the term, the msgids it translates, the variants it replaces."""

    term: str
    sources: tuple[tuple[str | None, str], ...]
    rejected: tuple[tuple[str, tuple[str, ...]], ...]  # (variant, longer words that are fine)


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table row (``\\|`` is a pipe inside a cell)."""
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]


def _table(markdown: str, heading: str) -> list[list[str]]:
    """The body rows of the first table under ``## heading``."""
    section = markdown.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [_cells(row) for row in rows[2:]]


def _source(text: str) -> tuple[str | None, str]:
    context, bar, msgid = text.partition(" | ")
    return (context.strip(), msgid.strip()) if bar else (None, text.strip())


def _rejected(text: str) -> tuple[str, tuple[str, ...]]:
    found = re.fullmatch(r"(.+?)\s*\(but: (.+)\)", text)
    if not found:
        return text, ()
    return found.group(1), tuple(word.strip() for word in found.group(2).split(","))


def parse_terms(markdown: str) -> list[Term]:
    terms = []
    for term, sources, rejected, _where in _table(markdown, "Terms"):
        terms.append(
            Term(
                term,
                tuple(_source(s) for s in sources.split("; ") if s.strip()),
                tuple(_rejected(r.strip()) for r in rejected.split("; ") if r.strip()),
            )
        )
    return terms


def parse_shared(markdown: str) -> dict[tuple[str, str], str]:
    """(English word, context) → its Chinese, for the words with two meanings."""
    return {
        (word, context): chinese
        for word, context, chinese, _w in _table(markdown, "Words with two meanings")
    }


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle)


def _translations(message: Message) -> list[str]:
    string = message.string
    return [string] if isinstance(string, str) else list(string)


def _msgid(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def term_problems(terms: list[Term], catalog: Catalog) -> list[str]:
    """Every English source translated without its term, every rejected variant in use."""
    problems = []
    for term in terms:
        for context, msgid in term.sources:
            message = catalog.get(msgid, context=context)
            if message is None:
                problems.append(f"{term.term}: {context or ''}|{msgid} is not in the catalog")
            elif not all(term.term in form for form in _translations(message)):
                problems.append(f"{term.term}: {msgid!r} is translated {message.string!r}")
        for variant, fine in term.rejected:
            for message in catalog:
                for form in _translations(message) if message.id else []:
                    cleaned = form
                    for word in fine:
                        cleaned = cleaned.replace(word, "")
                    if variant in cleaned:
                        problems.append(f"{term.term}: {_msgid(message)!r} says {variant} ({form})")
    return problems


def test_the_glossary_is_read_whole() -> None:
    terms = parse_terms(GLOSSARY.read_text(encoding="utf-8"))
    assert len(terms) >= 35
    assert all(term.sources for term in terms), [t.term for t in terms if not t.sources]
    by_term = {term.term: term for term in terms}
    assert ("audit action", "Returned") in by_term["归还"].sources
    assert ("任务", ("计划任务",)) in by_term["待办事项"].rejected


def test_every_glossary_term_is_translated_one_way(catalog: Catalog) -> None:
    terms = parse_terms(GLOSSARY.read_text(encoding="utf-8"))
    assert term_problems(terms, catalog) == []


def _catalog_of(*entries: tuple[str | None, str, str]) -> Catalog:
    made = Catalog(locale="zh_CN")
    for context, msgid, string in entries:
        made.add(msgid, string, context=context)
    return made


def test_a_second_translation_or_a_rejected_variant_is_flagged() -> None:
    terms = [Term("归还", ((None, "Returned at"),), (("返还", ()),))]
    fine = _catalog_of((None, "Returned at", "归还时间"), (None, "Return", "归还"))
    assert term_problems(terms, fine) == []
    two_ways = _catalog_of((None, "Returned at", "退回时间"))
    assert term_problems(terms, two_ways) == ["归还: 'Returned at' is translated '退回时间'"]
    variant = _catalog_of((None, "Returned at", "归还时间"), (None, "Item back", "物品已返还"))
    assert term_problems(terms, variant) == ["归还: 'Item back' says 返还 (物品已返还)"]
    allowed = [Term("待办事项", ((None, "Tasks"),), (("任务", ("计划任务",)),))]
    compound = _catalog_of((None, "Tasks", "待办事项"), (None, "the program", "程序（计划任务）"))
    assert term_problems(allowed, compound) == []


def shared_problems(
    shared: dict[tuple[str, str], str], extracted: Catalog, catalog: Catalog
) -> list[str]:
    """Uses of a two-meaning word without a known context, or translated off the glossary."""
    words = {word for word, _context in shared}
    problems = []
    for message in extracted:
        if not message.id or _msgid(message) not in words:
            continue
        key = (_msgid(message), message.context or "")
        if key not in shared:
            where = ", ".join(f"{path}:{line}" for path, line in message.locations)
            problems.append(f"{_msgid(message)!r} without a glossary context at {where}")
            continue
        translated = catalog.get(_msgid(message), context=message.context)
        if translated is None or translated.string != shared[key]:
            problems.append(f"{key} is not translated {shared[key]}")
    return problems


def test_two_meaning_words_always_carry_their_context(catalog: Catalog, tmp_path: Path) -> None:
    from tests.unit.test_catalog import extract

    shared = parse_shared(GLOSSARY.read_text(encoding="utf-8"))
    assert len(shared) >= 12
    extracted = extract(ROOT, tmp_path / "homeward.pot", ".")
    assert shared_problems(shared, extracted, catalog) == []
    contexts = {(_msgid(m), m.context) for m in extracted if m.id}
    assert ("Education", "kind of service") in contexts
    assert ("Education", "education level") in contexts


def test_a_two_meaning_word_without_context_is_flagged() -> None:
    shared = {("Note", "remark"): "备注", ("Note", "kind of record"): "服务记录"}
    translations = _catalog_of(("remark", "Note", "备注"), ("kind of record", "Note", "服务记录"))
    used = Catalog()
    used.add("Note", locations=[("a.py", 3)])
    assert shared_problems(shared, used, translations) == [
        "'Note' without a glossary context at a.py:3"
    ]
    wrong = Catalog()
    wrong.add("Note", context="remark")
    off = _catalog_of(("remark", "Note", "注释"))
    assert shared_problems(shared, wrong, off) == ["('Note', 'remark') is not translated 备注"]


# --- Chinese glued in code ---------------------------------------------------------------

#: Half-width punctuation that, around translated text, prints as ``王小明 (wangli)`` or
#: ``入站时间: …`` in Chinese. A whole translatable pattern ("{label}: {value}") lets the
#: catalog say ``{label}：{value}``.
GLUE = re.compile(r"[:(),]")

#: f-strings and joins that never reach a Chinese reader, each with the reason.
NOT_SHOWN: dict[str, str] = {
    "desktop/cli.py": "the 'homeward: ' prefix of a command-line message",
    "desktop/cli_backup.py": "the 'homeward: ' prefix of a command-line message",
    "desktop/cli_print.py": "the English keys of the forms (intake, notice …) for the command line",
    "desktop/core/forms/registry.py": "the English keys of the forms for the command line",
    "desktop/core/audit/trail.py": "the hash chain's own text",
    "desktop/core/audit/chain.py": "the trail's head as stored (entry:mac)",
    "desktop/selftest.py": "the self-test's technical reasons, for whoever supports the install",
    "desktop/core/store/rows.py": "a programming error about a table's columns",
    "desktop/views/dashboard_page.py": "an internal key, never shown",
    "desktop/core/audit/check.py": "SQL",
    "desktop/core/backup/snapshots.py": "SQL",
    "desktop/core/demo/generate.py": "a programming error about the demo's own tables",
    "desktop/core/drives.py": "a Windows drive letter",
    "desktop/core/store/db.py": "a database URL",
    "desktop/views/app.py": "the 'homeward: ' prefix on stderr",
    "desktop/views/kit/style.py": "the style sheet",
    "desktop/views/kit/ui_typegen.py": "generated Python",
    "desktop/views/kit/uiloader.py": "a programming error about a missing .ui file",
}


def glued(source: str) -> list[tuple[int, str]]:
    """f-strings, ``"…".join`` calls and ``+`` that put half-width : ( ) , or a space
    between values (a space between two Chinese sentences is wrong too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr) and any(
            isinstance(part, ast.FormattedValue) for part in node.values
        ):
            text = "".join(p.value for p in node.values if isinstance(p, ast.Constant))
            if GLUE.search(text):
                found.append((node.lineno, ast.unparse(node)))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "join"
            and isinstance(node.func.value, ast.Constant)
            and GLUE.search(str(node.func.value.value))
        ):
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            sides = (node.left, node.right)
            spaced = any(
                isinstance(side, ast.Constant)
                and isinstance(side.value, str)
                and (not side.value.strip() or GLUE.search(side.value))
                for side in sides
            )
            if spaced and any(_translates(side) for side in sides):
                found.append((node.lineno, ast.unparse(node)))
    return found


def _translates(node: ast.expr) -> bool:
    """Whether ``node`` is (or ends in) a call of a translation function."""
    if isinstance(node, ast.BinOp):
        return _translates(node.left) or _translates(node.right)
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        node = node.func.value  # _("…").format(…)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"_", "ngettext", "pgettext"}
    )


def test_no_translated_text_is_glued_with_half_width_punctuation() -> None:
    problems = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "migrations" in path.parts or relative in NOT_SHOWN:
            continue
        problems += [f"{relative}:{line}: {code}" for line, code in glued(path.read_text("utf-8"))]
    assert problems == [], "use a whole translatable pattern instead:\n" + "\n".join(problems)


def test_glue_is_found_in_both_forms() -> None:
    assert glued('x = f"{label}: {value}"\n') == [(1, "f'{label}: {value}'")]
    assert glued('x = f"{name} ({user})"\n')
    assert glued('x = ", ".join(parts)\n')
    assert glued('x = _("{label}: {value}").format(label=a, value=b)\n') == []
    assert glued('x = f"{case}  {name}"\n') == []
    assert glued('x = "\\n".join(lines)\n') == []
    assert glued('x = _("Done.") + " " + _("Next.")\n')
    assert glued('x = " " + _("{n} left").format(n=1)\n')
    assert glued('x = _("a: ") + name\n') == []  # the colon is inside the translation


#: Files whose Chinese is what other people wrote, read in, never shown as ours.
READ_NOT_WRITTEN: dict[str, str] = {
    "desktop/core/reports/ledger.py": "the column headers old ledgers use (出站日期 …)",
    "desktop/core/reports/ledger_values.py": "the values old ledgers hold (自行返乡 …)",
}


def test_chinese_written_in_code_uses_the_glossary_terms_too() -> None:
    """The printed forms write Chinese directly (they are Chinese whatever the screen says)."""
    terms = parse_terms(GLOSSARY.read_text(encoding="utf-8"))
    problems = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        if path.relative_to(ROOT).as_posix() in READ_NOT_WRITTEN:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            for term in terms:
                for variant, fine in term.rejected:
                    text = node.value
                    for word in fine:
                        text = text.replace(word, "")
                    if variant in text:
                        problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: {variant}")
    assert problems == []
