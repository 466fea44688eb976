"""Build ``homeward-han-fallback.ttf``, the font for the rare characters (生僻字) of names.

WenQuanYi Micro Hei, the forms' main font, covers the unified CJK block up to
U+9FC3 but none of Extension A or B, where many characters of personal names
live (䶮, 㛃, 𠮷 ...). Hanazono Mincho (Debian's fonts-hanazono, TrueType,
GlyphWiki project) covers them all, but its two files are 53 MB. This script
keeps what names need, about 4.5 MB:

- from HanaMinA: CJK Extension A whole, the unified ideographs after U+9FC3, the
  ballot boxes ☐☑☒ the forms tick, and the characters Micro Hei lists but draws
  as nothing (℃ ℉ Å Ⅴ Ⅹ ∼ ‾ ˊ ˋ and the third-tone pinyin letters ǎ ǐ ǒ ǔ ǘ ǚ ǜ);
- from HanaMinB: the Extension B-F characters that Unihan lists in the 通用规范
  汉字表 (kTGH), the IICore, Hong Kong's HKSCS (H source), the 现代汉语词典
  (kXHC1983), the Adobe-Japan1 set (Japanese names) or as a look-alike of a
  common character (kSpoofingVariant, e.g. 𠮷 for 吉).

It is renamed "Homeward Han Fallback" (the Hanazono Font License allows changes).
Run it again after a font or Unicode upgrade; it needs fontTools and Debian's
fonts-hanazono and unicode-data packages::

    python resources/fonts/make_fallback.py
"""

from __future__ import annotations

import bz2
import tempfile
import unicodedata
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

HANAZONO = Path("/usr/share/fonts/truetype/hanazono")
MAIN = Path(__file__).resolve().parent / "wqy-microhei.ttc"
UNIHAN = Path("/usr/share/unicode")
OUT = Path(__file__).resolve().parent / "homeward-han-fallback.ttf"
FAMILY = "Homeward Han Fallback"
UNIHAN_KEYS = {
    "kTGH",
    "kIICore",
    "kIRG_HSource",
    "kHKSCS",
    "kXHC1983",
    "kRSAdobe_Japan1_6",
    "kSpoofingVariant",
}
PLANE_A = [range(0x3400, 0x4DC0), range(0x9FC4, 0xA000), range(0x2610, 0x2613)]


def unihan_selection() -> set[int]:
    """Return the code points beyond the BMP that Unihan lists under ``UNIHAN_KEYS``."""
    chosen: set[int] = set()
    for path in sorted(UNIHAN.glob("Unihan_*.txt.bz2")):
        with bz2.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                if not line.startswith("U+"):
                    continue
                code, key, _value = line.split("\t", 2)
                point = int(code[2:], 16)
                if point >= 0x20000 and key in UNIHAN_KEYS:
                    chosen.add(point)
    return chosen


def empty_in_main() -> set[int]:
    """Return the visible characters the main font maps to a glyph without an outline."""
    font = TTFont(MAIN, fontNumber=0)
    outlines = font["glyf"]
    return {
        point
        for point, glyph in font.getBestCmap().items()
        if outlines[glyph].numberOfContours == 0
        and not chr(point).isspace()
        and unicodedata.category(chr(point)) not in ("Cc", "Cf")
    }


def cut(source: Path, points: set[int], target: Path) -> None:
    """Write the glyphs of ``points`` from ``source`` to ``target``, unhinted."""
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(points))
    subsetter.subset(font)
    font.save(target)


def rename(font: TTFont) -> None:
    """Give the merged font its own family name, keeping the copyright notice."""
    names = {1: FAMILY, 3: f"{FAMILY} 1.0", 4: FAMILY, 6: FAMILY.replace(" ", "")}
    names[2] = "Regular"
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]


def main() -> None:
    """Cut both Hanazono files, merge them and save the fallback font beside this script."""
    with tempfile.TemporaryDirectory() as folder:
        part_a, part_b = Path(folder) / "a.ttf", Path(folder) / "b.ttf"
        plane_a = {p for r in PLANE_A for p in r} | empty_in_main()
        cut(HANAZONO / "HanaMinA.ttf", plane_a, part_a)
        cut(HANAZONO / "HanaMinB.ttf", unihan_selection(), part_b)
        merged = Merger().merge([str(part_a), str(part_b)])
    rename(merged)
    merged.save(OUT)
    print(f"{OUT}: {len(merged.getBestCmap())} characters, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
