"""The layout kit every printed form is built with: plain data in, PDF bytes out.

A4 portrait, 20 mm margins. Each page carries the center's header (logo, the
center's name or form header on one line, the form's title, its number "表 1"
and the case number, or a blank to write it on) and a footer with
"第 1 页 共 2 页"; a form that runs over repeats both. The body is made of:

- ``field_grid``: a bordered grid of label/value cells, two pairs a row or one
  pair across, with section rows and an optional photo cell spanning the first
  rows. Labels print whole on one line (the label column widens, or the label
  prints smaller); a list of choices breaks only between options. A long value
  wraps inside its cell and, at the foot of a page, continues on the next one in
  a row labelled "（续）". An empty value prints lines to write on.
- ``ending``: the statement and signatures, kept on one page with the last rows
  of data, never alone.
- ``column_table``: a table with column headings repeated on each page.
- ``PhotoBox``, ``WritingLines``, ``signature_row`` (boxes to sign, with a
  thumbprint square 按手印 and a date line), ``SealBox`` (where the seal goes),
  ``approval_box`` (a manager's opinion, signed and dated).

Lines break by the Chinese rules (see ``linebreak``). Text is drawn with the
bundled fonts (see ``fonts``): rare characters come from the fallback font; the
PDF's creation date is the real one.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from desktop.core.forms import fonts
from desktop.core.forms.linebreak import FormParagraph

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
FOOTER_Y = 11 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
GRID = colors.black
SHADE = colors.Color(0.93, 0.93, 0.93)
FAINT = colors.Color(0.55, 0.55, 0.55)
LINE = colors.Color(0.72, 0.72, 0.72)
ALERT = colors.Color(0.7, 0.0, 0.0)
BODY_SIZE = 10.5
DATE_BLANK = "　　　　年　　月　　日"
BLANK_NUMBER = "＿＿＿＿＿＿＿＿"
#: The tallest a table row may be: a longer value continues in the rows below.
ROW_LIMIT = 200.0


# text --------------------------------------------------------------------------------------


def style(
    size: float = BODY_SIZE,
    *,
    align: int = TA_LEFT,
    leading: float | None = None,
    color: Any = None,
) -> ParagraphStyle:
    """Return a paragraph style in the forms' font, wrapping lines by the Chinese rules."""
    fonts.register()
    return ParagraphStyle(
        f"form-{size}-{align}",
        fontName=fonts.MAIN,
        fontSize=size,
        leading=leading or size * 1.45,
        alignment=align,
        wordWrap="CJK",
        textColor=color or colors.black,
    )


def para(
    text: str, paragraph_style: ParagraphStyle | None = None, *, keep_words: bool = False
) -> Paragraph:
    """Return ``text`` (plain, not markup) as a paragraph; rare characters use the fallback.

    Lines break by the Chinese rules (see ``linebreak``); with ``keep_words`` only at
    spaces, so a list of choices never splits inside one.
    """
    return FormParagraph(fonts.markup(text), paragraph_style or style(), keep_words=keep_words)


class Lines(Flowable):  # type: ignore[misc]  # ReportLab ships no types
    """Short lines of text drawn as they are (no wrapping), in the forms' fonts.

    What ``fitted`` returns for a label or a value known to fit: far cheaper to lay
    out and draw than a paragraph, which matters in forms with a hundred labels.
    """

    def __init__(self, lines: Sequence[str], size: float, align: int = TA_CENTER) -> None:
        super().__init__()
        self.lines = list(lines)
        self.size = size
        self.align = align
        self.leading = size * 1.3
        self.widths = [fonts.string_width(line, size) for line in self.lines]
        self.width = max(self.widths, default=0.0)
        self.height = self.leading * len(self.lines)
        self.text = "\n".join(self.lines)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(colors.black)
        for index, (line, width) in enumerate(zip(self.lines, self.widths, strict=True)):
            if self.align == TA_CENTER:
                x = (self.width - width) / 2
            elif self.align == TA_RIGHT:
                x = self.width - width
            else:
                x = 0.0
            baseline = self.height - (index + 1) * self.leading + self.leading - self.size
            fonts.draw_string(canvas, x, baseline, line, self.size)


def fitted(
    text: str,
    width: float,
    size: float = BODY_SIZE,
    *,
    align: int = TA_CENTER,
    smallest: float | None = None,
) -> Flowable:
    """Return ``text`` on one line ``width`` wide: at ``size``, or smaller down to ``smallest``
    (three quarters of ``size`` unless given); wrapped only when even that is too wide."""
    floor = smallest if smallest is not None else size * 0.75
    lines = [text]
    if fonts.string_width(text, floor) > width and text.find("（") > 0:
        cut = text.find("（")  # a long label breaks before its bracket, not inside a word
        lines = [text[:cut], text[cut:]]
    chosen = size
    while chosen > floor and max(fonts.string_width(line, chosen) for line in lines) > width:
        chosen = max(floor, chosen - 0.5)
    if max(fonts.string_width(line, chosen) for line in lines) <= width and "\n" not in text:
        return Lines(lines, chosen, align)
    return para("\n".join(lines), style(chosen, align=align, leading=chosen * 1.3))


class _JpegReader(ImageReader):  # type: ignore[misc]  # ReportLab ships no types
    """A JPEG, which goes into the PDF as it is: ReportLab decodes an image only to
    name it, so this names it by its bytes instead (the same name for the same file)."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self._bytes = data

    def getRGBData(self) -> bytes:
        if self.jpeg_fh() is None:  # not a JPEG after all: decode as usual
            return bytes(super().getRGBData())
        self._dataA = None
        return self._bytes


def image_reader(data: bytes | None, *, keep: bool = False) -> ImageReader | None:
    """Return a reader for image bytes, or None when there are none or they are not an image.

    With ``keep`` (the center's logo, the same on every form) the decoded image is
    kept for the next forms of the process.
    """
    if not data:
        return None
    if not keep:
        return _read_image(data)
    key = hashlib.sha256(data).digest()
    with _kept_lock:
        if key not in _kept:
            reader = _read_image(data)
            if reader is not None:  # decoded now, once: later forms (and threads) only read
                reader.getRGBData()
                if getattr(reader, "_dataA", None) is not None:
                    reader._dataA.getRGBData()
            if len(_kept) >= KEPT_IMAGES:
                _kept.clear()
            _kept[key] = reader
        return _kept[key]


def _read_image(data: bytes) -> ImageReader | None:
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
            jpeg = probe.format == "JPEG"
        reader = _JpegReader(data) if jpeg else ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
    except Exception:  # any damage: the form prints without the picture
        return None
    return reader if width > 0 and height > 0 else None


#: Images kept decoded for the process (logos), at most this many.
KEPT_IMAGES = 4
_kept: dict[bytes, ImageReader | None] = {}
_kept_lock = threading.Lock()


# the page: header and footer -------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """What the header of every page shows."""

    center: str
    title: str
    form_no: str = ""
    case_no: str = ""
    logo: bytes | None = None
    printed_on: str = ""
    title_size: float = 20
    blank: bool = False


class _Header:
    """The header laid out once for the document, drawn on every page."""

    LOGO_SLOT = 26 * mm
    LOGO_HEIGHT = 15 * mm
    TOP = 12 * mm

    def __init__(self, heading: Heading) -> None:
        self.heading = heading
        self.logo = image_reader(heading.logo, keep=True)
        self.text_width = CONTENT_WIDTH - 2 * self.LOGO_SLOT
        self.center = self._fit_center(heading.center)
        self.title = para(heading.title, style(heading.title_size, align=TA_CENTER))
        self.title_height = self.title.wrap(self.text_width, PAGE_HEIGHT)[1]
        self.meta_size = BODY_SIZE
        self.height = self.center_height + 2 * mm + self.title_height + 3 * mm + 6 * mm

    def _fit_center(self, name: str) -> Paragraph:
        """The center's name on one line, smaller the longer it is (wrapped only below 8 pt)."""
        paragraph = fitted(name, self.text_width, 15.0, smallest=8.0)
        self.center_height = paragraph.wrap(self.text_width, PAGE_HEIGHT)[1]
        return paragraph

    def draw(self, canvas: Canvas) -> None:
        """Draw the header at the top of the current page."""
        top = PAGE_HEIGHT - self.TOP
        if self.logo is not None:
            canvas.drawImage(
                self.logo,
                MARGIN,
                top - self.LOGO_HEIGHT,
                self.LOGO_SLOT - 3 * mm,
                self.LOGO_HEIGHT,
                preserveAspectRatio=True,
                anchor="w",
                mask="auto",
            )
        x = MARGIN + self.LOGO_SLOT
        y = top - self.center_height
        self.center.drawOn(canvas, x, y)
        y -= 2 * mm + self.title_height
        self.title.drawOn(canvas, x, y)
        y -= 3 * mm + self.meta_size
        self._draw_meta(canvas, y)
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN, y - 2.5 * mm, PAGE_WIDTH - MARGIN, y - 2.5 * mm)

    def _draw_meta(self, canvas: Canvas, y: float) -> None:
        heading = self.heading
        canvas.setFillColor(colors.black)
        if heading.form_no:
            fonts.draw_string(canvas, MARGIN, y, heading.form_no, self.meta_size)
        if heading.case_no or heading.blank:
            text = f"案卷号：{heading.case_no or BLANK_NUMBER}"
            width = fonts.string_width(text, self.meta_size)
            fonts.draw_string(canvas, PAGE_WIDTH - MARGIN - width, y, text, self.meta_size)

    def draw_footer(self, canvas: Canvas, page: int, pages: int) -> None:
        """Draw "第 1 页 共 2 页" and the print date at the foot of the page."""
        size = 9.0
        canvas.setFillColor(colors.black)
        number = f"第 {page} 页 共 {pages} 页"
        width = fonts.string_width(number, size)
        fonts.draw_string(canvas, (PAGE_WIDTH - width) / 2, FOOTER_Y, number, size)
        if self.heading.printed_on:
            fonts.draw_string(
                canvas, MARGIN, FOOTER_Y, f"打印日期：{self.heading.printed_on}", size
            )


def _numbered_canvas(header: _Header) -> type[Canvas]:
    """Return a canvas class that draws header and footer once the page count is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if not kwargs.get("initialFontName"):
                kwargs["initialFontName"] = fonts.MAIN
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                header.draw(self)
                header.draw_footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(heading: Heading, story: Sequence[Flowable], *, subject: str = "") -> bytes:
    """Lay ``story`` out on A4 pages under ``heading``; return the PDF's bytes."""
    fonts.register()
    header = _Header(heading)
    top = _Header.TOP + header.height + 4 * mm
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=top,
        bottomMargin=MARGIN,
        title=heading.title,
        author=heading.center,
        subject=subject,
        creator="Homeward",
        invariant=False,  # the creation date is the real one
    )
    frame = Frame(
        MARGIN,
        MARGIN,
        CONTENT_WIDTH,
        PAGE_HEIGHT - top - MARGIN,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    document.addPageTemplates([PageTemplate(id="form", frames=[frame])])
    document.build(list(story), canvasmaker=_numbered_canvas(header))
    return buffer.getvalue()


# flowables -----------------------------------------------------------------------------------


class WritingLines(Flowable):  # type: ignore[misc]
    """Light lines to write on by hand, ``count`` of them, ``gap`` apart."""

    def __init__(self, count: int = 1, gap: float = 8 * mm) -> None:
        super().__init__()
        self.count = max(1, count)
        self.gap = gap
        self.width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.count * self.gap

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.5)
        canvas.setDash(1, 2)
        for index in range(self.count):
            y = index * self.gap + 1
            canvas.line(0, y, self.width, y)
        canvas.setDash()


class PhotoBox(Flowable):  # type: ignore[misc]
    """A photo fitted into a ``width`` x ``height`` frame, or the empty frame with a caption."""

    def __init__(
        self, image: bytes | None, width: float, height: float, caption: str = "照片"
    ) -> None:
        super().__init__()
        self.reader = image_reader(image)
        self.width = width
        self.height = height
        self.caption = caption

    @property
    def has_photo(self) -> bool:
        """Whether a readable photo fills the frame."""
        return self.reader is not None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if self.reader is not None:
            canvas.drawImage(
                self.reader,
                0,
                0,
                self.width,
                self.height,
                preserveAspectRatio=True,
                anchor="c",
            )
            return
        canvas.setStrokeColor(FAINT)
        canvas.setLineWidth(0.6)
        canvas.setDash(3, 2)
        canvas.rect(0, 0, self.width, self.height)
        canvas.setDash()
        size = 12.0
        canvas.setFillColor(FAINT)
        lines = self.caption.split("\n")
        for index, line in enumerate(lines):
            width = fonts.string_width(line, size)
            y = self.height / 2 + (len(lines) / 2 - index - 0.8) * size * 1.4
            fonts.draw_string(canvas, (self.width - width) / 2, y, line, size)


class SealBox(Flowable):  # type: ignore[misc]
    """Where the center stamps its seal: a caption, a dashed circle and a date line."""

    def __init__(self, caption: str, width: float = 62 * mm) -> None:
        super().__init__()
        self.caption = caption
        self.width = width
        self.height = 40 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        size = BODY_SIZE
        radius = 14 * mm
        centre_x, centre_y = self.width / 2, self.height - 6.5 * mm - radius
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.6)
        canvas.setDash(3, 2)
        canvas.circle(centre_x, centre_y, radius)
        canvas.setDash()
        canvas.setFillColor(FAINT)
        canvas.setFillColor(colors.black)
        caption_width = fonts.string_width(self.caption, size)
        fonts.draw_string(
            canvas, (self.width - caption_width) / 2, self.height - 4 * mm, self.caption, size
        )
        date = DATE_BLANK
        fonts.draw_string(
            canvas, (self.width - fonts.string_width(date, size)) / 2, 1 * mm, date, size
        )


@dataclass(frozen=True)
class Signer:
    """One box of a signature row: who signs, whether they press a thumbprint."""

    role: str
    thumbprint: bool = False
    printed_name: str = ""
    #: Where a unit stamps its seal beside the signature: the caption inside a dashed
    #: circle ("接收单位\n（盖章）"); '' for none. Not with a thumbprint.
    seal: str = ""


class SignatureBox(Flowable):  # type: ignore[misc]
    """A bordered box: the signer's role, room to sign, a thumbprint square, a date line."""

    HEIGHT = 28 * mm
    THUMB = 13 * mm
    SEAL = 24 * mm

    def __init__(self, signer: Signer) -> None:
        super().__init__()
        self.signer = signer
        self.width = 0.0
        self.height = self.HEIGHT

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        size = BODY_SIZE
        pad = 2.5 * mm
        canvas.setFillColor(colors.black)
        fonts.draw_string(canvas, pad, self.height - pad - size, f"{self.signer.role}：", size)
        if self.signer.printed_name:
            canvas.setFillColor(FAINT)
            fonts.draw_string(
                canvas, pad, self.height - pad - 2.4 * size, f"（{self.signer.printed_name}）", 9
            )
            canvas.setFillColor(colors.black)
        if self.signer.seal:
            self._draw_seal(canvas, pad)
        elif self.signer.thumbprint:
            self._draw_thumb(canvas, pad)
        beside = self.SEAL + pad if self.signer.seal else self.THUMB + pad
        marked = self.signer.thumbprint or self.signer.seal
        sign_right = self.width - pad - (beside if marked else 0)
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.5)
        canvas.line(pad, 10.5 * mm, sign_right, 10.5 * mm)
        fonts.draw_string(canvas, pad, pad + 1, f"日期：{DATE_BLANK}", size)

    def _draw_seal(self, canvas: Canvas, pad: float) -> None:
        radius = self.SEAL / 2
        centre_x, centre_y = self.width - pad - radius, self.height / 2
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.6)
        canvas.setDash(3, 2)
        canvas.circle(centre_x, centre_y, radius)
        canvas.setDash()
        canvas.setFillColor(FAINT)
        lines = self.signer.seal.split("\n")
        size = 8.0
        for index, line in enumerate(lines):
            y = centre_y + (len(lines) / 2 - index - 0.8) * size * 1.3
            fonts.draw_string(canvas, centre_x - fonts.string_width(line, size) / 2, y, line, size)
        canvas.setFillColor(colors.black)

    def _draw_thumb(self, canvas: Canvas, pad: float) -> None:
        x = self.width - pad - self.THUMB
        y = 8 * mm  # above the date line, below the signer's role
        canvas.setStrokeColor(FAINT)
        canvas.setLineWidth(0.6)
        canvas.setDash(2, 2)
        canvas.rect(x, y, self.THUMB, self.THUMB)
        canvas.setDash()
        canvas.setFillColor(FAINT)
        hint = "按手印"
        fonts.draw_string(
            canvas,
            x + (self.THUMB - fonts.string_width(hint, 9)) / 2,
            y + self.THUMB / 2 - 3,
            hint,
            9,
        )
        canvas.setFillColor(colors.black)


def signature_row(signers: Sequence[Signer], width: float = CONTENT_WIDTH) -> Table:
    """Return the signers' boxes side by side in one bordered row."""
    boxes = [[SignatureBox(signer) for signer in signers]]
    table = Table(boxes, colWidths=[width / len(signers)] * len(signers))
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN),
                ("BOX", (0, 0), (-1, -1), 0.8, GRID),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def approval_box(title: str, width: float, lines: int = 2) -> Table:
    """A bordered box for a manager's opinion (审核意见): lines to write on, then the
    signature and the date."""
    cells = [
        [para(f"{title}：")],
        [WritingLines(lines, 7 * mm)],
        [para(f"签名：{'　' * 7}日期：{DATE_BLANK}")],
    ]
    table = Table(cells, colWidths=[width])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN),
                ("BOX", (0, 0), (-1, -1), 0.8, GRID),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


# the label/value grid ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """A label and its value; an empty value prints ``lines`` lines to write on."""

    label: str
    value: str
    lines: int = 1


@dataclass(frozen=True)
class Section:
    """A shaded row across the grid that names the section below it."""

    title: str


Row = Section | tuple[Pair] | tuple[Pair, Pair]


@dataclass(frozen=True)
class GridStyle:
    """Sizes of a grid: text size, label column width, the photo column (when any).

    ``label_width`` is the least width of the label columns: they widen (up to
    ``label_widest``) so that the longest label fits on one line, and a label
    still too long prints smaller rather than break inside a word.
    """

    size: float = BODY_SIZE
    label_width: float = 27 * mm
    photo_width: float = 36 * mm
    photo_height: float = 47 * mm
    photo_caption: str = "照片"
    label_widest: float = 34 * mm
    #: The gap between lines to write on (default: twice the text size, at least 6.5 mm).
    line_gap: float | None = None


#: Marks of a list of choices: such a value breaks only between its options.
BOXES = ("☐", "☑")
#: The last rows of a grid stay single flowables (see ``ending``).
LOOSE_END = 2
#: A row whose values are surely no taller than this (points) is short.
SHORT_ROW = 60.0
#: Added to the label of a value continued on the next page.
CONTINUED = "（续）"
PADDING = 4.0
TOP_PADDING = 3.0
BOTTOM_PADDING = 4.0


def _one_line(value: str) -> bool:
    """Whether ``value`` prints on one line, smaller if it must: a number or code (an ID
    number, a phone number) or a date left blank to write by hand."""
    if "　" in value and not value.strip("　年月日时分"):
        return True
    text = value.strip()
    return 0 < len(text) <= 32 and text.isascii() and " " not in text


def _value_cell(pair: Pair, text_style: ParagraphStyle, gap: float) -> Flowable:
    if pair.value.strip():
        keep_words = any(box in pair.value for box in BOXES)
        return para(pair.value, text_style, keep_words=keep_words)
    return WritingLines(pair.lines, gap)


def _pieces(flowable: Any, width: float, limit: float) -> list[Any]:
    """Cut a paragraph taller than ``limit`` into paragraphs that each fit ``limit``."""
    if not isinstance(flowable, Paragraph) or _surely_fits(flowable, width, limit):
        return [flowable]
    pieces: list[Any] = []
    rest = flowable
    while rest.wrap(width, PAGE_HEIGHT)[1] > limit:
        parts = rest.split(width, limit)
        if len(parts) < 2:
            break
        pieces.append(parts[0])
        rest = parts[1]
    return [*pieces, rest]


def _surely_fits(paragraph: Paragraph, width: float, limit: float) -> bool:
    """Whether ``paragraph`` is certainly no taller than ``limit``, without laying it out."""
    size = paragraph.style.fontSize
    text = paragraph.text
    lines = len(text) * size / max(width - size, 1) + text.count("<br/>") + 1
    return bool((lines + 1) * paragraph.style.leading <= limit)


def split_row(
    cells: Sequence[Any], widths: Sequence[float], limit: float = ROW_LIMIT
) -> list[list[Any]]:
    """Return ``cells`` as one row, or as several rows when a cell is taller than ``limit``.

    A row taller than a page cannot be laid out, and ReportLab's splitting inside a
    row is unreliable; so a long value continues in the rows below its own, which
    split between pages like any other. ``widths`` are the cells' text widths.
    """
    columns = [_pieces(cell, width, limit) for cell, width in zip(cells, widths, strict=True)]
    count = max(len(pieces) for pieces in columns)
    return [[pieces[n] if n < len(pieces) else "" for pieces in columns] for n in range(count)]


def _grid_commands(extra: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN),
        ("BOX", (0, 0), (-1, -1), 1.0, GRID),
        ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), TOP_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PADDING),
        *extra,
    ]


@dataclass
class _RowSpec:
    """One row of a grid: its cells, the label columns, the last value's span."""

    cells: list[Any]
    labels: dict[int, str]
    span: tuple[int, int] | None = None
    shaded: tuple[int, ...] = ()


class GridRow(Flowable):  # type: ignore[misc]
    """One row of a label/value grid, as its own one-row table.

    A row too tall for what is left of the page splits there: the first part of
    each long value stays, and the rest continues on the next page in a row
    whose label ends in "（续）". Rows of one grid share their column widths,
    so stacked they read as one table.
    """

    #: Split a row only when at least this much room is left (else it moves on whole).
    MIN_SPLIT = 3 * BODY_SIZE * 1.45 + TOP_PADDING + BOTTOM_PADDING

    def __init__(self, spec: _RowSpec, widths: Sequence[float], label_for: Any) -> None:
        super().__init__()
        self.spec = spec
        self.widths = list(widths)
        self.label_for = label_for
        self._table: Table | None = None

    def _build(self) -> Table:
        if self._table is None:
            spec = self.spec
            commands: list[tuple[Any, ...]] = [
                ("BACKGROUND", (column, 0), (column, 0), SHADE) for column in spec.shaded
            ]
            if spec.span is not None:
                commands.append(("SPAN", (spec.span[0], 0), (spec.span[1], 0)))
            self._table = Table([spec.cells], colWidths=self.widths)
            self._table.setStyle(TableStyle(_grid_commands(commands)))
        return self._table

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = self._build().wrap(avail_width, avail_height)
        self.width, self.height = width, height
        return width, height

    def draw(self) -> None:
        self._build().drawOn(self.canv, 0, 0)

    def _text_width(self, column: int) -> float:
        span = self.spec.span
        last = span[1] if span is not None and span[0] == column else column
        return sum(self.widths[column : last + 1]) - 2 * PADDING

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if avail_height < self.MIN_SPLIT:
            return []
        room = avail_height - TOP_PADDING - BOTTOM_PADDING - 1
        spec = self.spec
        first: list[Any] = list(spec.cells)
        rest: list[Any] = [""] * len(spec.cells)
        continued = False
        for column, cell in enumerate(spec.cells):
            if column - 1 not in spec.labels or not isinstance(cell, Paragraph):
                continue  # only a value (the cell right of a label) continues
            width = self._text_width(column)
            if cell.wrap(width, PAGE_HEIGHT)[1] <= room:
                continue
            parts = cell.split(width, room)
            if len(parts) < 2:
                return []
            first[column], rest[column] = parts[0], parts[1]
            label_column = column - 1
            rest[label_column] = self.label_for(spec.labels[label_column] + CONTINUED)
            continued = True
        if not continued:
            return []
        return [
            GridRow(
                _RowSpec(first, spec.labels, spec.span, spec.shaded), self.widths, self.label_for
            ),
            GridRow(
                _RowSpec(rest, spec.labels, spec.span, spec.shaded), self.widths, self.label_for
            ),
        ]


class _GridBuilder:
    """Turns rows of pairs into flowables: the photo block as one table, then a row each."""

    def __init__(
        self,
        grid: GridStyle,
        rows: Sequence[Row],
        width: float,
        photo: PhotoBox | None,
        photo_rows: int,
    ) -> None:
        self.grid = grid
        self.photo = photo
        self.photo_rows = photo_rows if photo is not None else 0
        photo_width = grid.photo_width if photo is not None else 0
        label_width = self._label_width(rows)
        value_width = (width - 2 * label_width - photo_width) / 2
        self.widths = [label_width, value_width, label_width, value_width]
        if photo is not None:
            self.widths.append(photo_width)
        self.last = len(self.widths) - 1
        self.value_style = style(grid.size)
        self.section_style = style(grid.size + 1)
        self.gap = grid.line_gap or max(6.5 * mm, grid.size * 2.0)
        self._labels: dict[str, Paragraph] = {}

    def _label_width(self, rows: Sequence[Row]) -> float:
        """The label columns' width: wide enough for the longest label, within limits."""
        grid = self.grid
        longest = max(
            (
                fonts.string_width(pair.label, grid.size)
                for row in rows
                if not isinstance(row, Section)
                for pair in row
            ),
            default=0.0,
        )
        needed = longest + 2 * PADDING + 1
        return max(grid.label_width, min(needed, max(grid.label_width, grid.label_widest)))

    def label(self, text: str) -> Paragraph:
        """A label on one line in its column, smaller when it must be."""
        return fitted(text, self.widths[0] - 2 * PADDING, self.grid.size)

    def spec(self, row: Row, in_photo: bool) -> _RowSpec:
        """The cells of one row (a section title or one or two pairs)."""
        end = self.last - 1 if in_photo else self.last
        cells: list[Any] = [""] * len(self.widths)
        if isinstance(row, Section):
            cells[0] = para(row.title, self.section_style)
            return _RowSpec(cells, {}, (0, end), (0,))
        labels: dict[int, str] = {}
        for position, pair in enumerate(row):
            column = position * 2
            cells[column] = self.label(pair.label)
            cells[column + 1] = _value_cell(pair, self.value_style, self.gap)
            labels[column] = pair.label
        last_value = len(row) * 2 - 1
        span = (last_value, end) if last_value < end else None
        for position, pair in enumerate(row):
            if _one_line(pair.value):  # an ID number, or "　　年　　月　　日", stays whole
                column = position * 2 + 1
                width = sum(
                    self.widths[column : (span[1] if span and span[0] == column else column) + 1]
                )
                cells[column] = fitted(
                    pair.value,
                    width - 2 * PADDING,
                    self.grid.size,
                    align=TA_LEFT,
                    smallest=self.grid.size * 0.6,
                )
        return _RowSpec(cells, labels, span, tuple(labels))

    def photo_block(self, rows: Sequence[Row]) -> Table:
        """The first rows beside the photo, as one table (it does not split)."""
        cells: list[list[Any]] = []
        commands: list[tuple[Any, ...]] = []
        for row in rows:
            spec = self.spec(row, in_photo=True)
            widths = [self._text_width(spec, column) for column in range(len(self.widths))]
            for number, piece in enumerate(split_row(spec.cells, widths)):
                index = len(cells)
                if number and spec.labels:
                    piece[0] = self.label(spec.labels[0] + CONTINUED)
                cells.append(piece)
                commands += [
                    ("BACKGROUND", (column, index), (column, index), SHADE)
                    for column in spec.shaded
                ]
                if spec.span is not None:
                    commands.append(("SPAN", (spec.span[0], index), (spec.span[1], index)))
        end = len(cells) - 1
        cells[0][self.last] = self.photo
        commands += [
            ("SPAN", (self.last, 0), (self.last, end)),
            ("ALIGN", (self.last, 0), (self.last, end), "CENTER"),
        ]
        table = Table(cells, colWidths=self.widths)
        table.setStyle(TableStyle(_grid_commands(commands)))
        return table

    def _text_width(self, spec: _RowSpec, column: int) -> float:
        last = spec.span[1] if spec.span is not None and spec.span[0] == column else column
        return sum(self.widths[column : last + 1]) - 2 * PADDING

    def flowables(self, rows: Sequence[Row]) -> list[Flowable]:
        """The grid: the photo block (when any), then the rows.

        Short rows go together in one table (cheaper to lay out), a section title
        never parted from the row below it; a long value's row is a ``GridRow`` of
        its own, which splits at the foot of a page; the last ``LOOSE_END`` rows are
        single rows too, so that ``ending`` can keep them with the signatures.
        """
        story: list[Flowable] = []
        rest = list(rows)
        if self.photo is not None:
            count = max(1, self.photo_rows)
            story.append(self.photo_block(rest[:count]))
            rest = rest[count:]
        specs = [self.spec(row, in_photo=False) for row in rest]
        group: list[_RowSpec] = []
        for index, spec in enumerate(specs):
            loose = index >= len(specs) - LOOSE_END or not self._short(spec)
            if not loose:
                group.append(spec)
                continue
            held = group[-1:] if group and not group[-1].labels else []  # a section title
            story += self._group(group[: len(group) - len(held)])
            group = []
            for title in held:
                row = GridRow(title, self.widths, self.label)
                row.keepWithNext = True
                story.append(row)
            story.append(GridRow(spec, self.widths, self.label))
        story += self._group(group)
        return story

    def _short(self, spec: _RowSpec) -> bool:
        """Whether every value of the row is surely short (no need to split it)."""
        for column, cell in enumerate(spec.cells):
            if isinstance(cell, Paragraph) and column not in spec.labels:
                width = self._text_width(spec, column)
                if not _surely_fits(cell, width, SHORT_ROW):
                    return False
        return True

    def _group(self, specs: Sequence[_RowSpec]) -> list[Flowable]:
        """Short rows as one table; a section title stays with the row below it."""
        if not specs:
            return []
        commands: list[tuple[Any, ...]] = []
        for index, spec in enumerate(specs):
            commands += [
                ("BACKGROUND", (column, index), (column, index), SHADE) for column in spec.shaded
            ]
            if spec.span is not None:
                commands.append(("SPAN", (spec.span[0], index), (spec.span[1], index)))
            if not spec.labels and index + 1 < len(specs):
                commands.append(("NOSPLIT", (0, index), (-1, index + 1)))
        table = Table([spec.cells for spec in specs], colWidths=self.widths)
        table.setStyle(TableStyle(_grid_commands(commands)))
        return [table]


def field_grid(
    rows: Sequence[Row],
    *,
    width: float = CONTENT_WIDTH,
    grid: GridStyle | None = None,
    photo: bytes | None = None,
    with_photo: bool = False,
    photo_rows: int = 0,
) -> list[Flowable]:
    """Return a bordered grid of label/value cells, as flowables to add to a story.

    Each row holds one pair across the width, two pairs side by side, or a
    ``Section`` title. With ``with_photo`` the first ``photo_rows`` rows leave
    the right column to the photo (or an empty frame captioned "照片"). Rows after
    them split between pages (see ``GridRow``); a section title keeps with its rows.
    """
    chosen = grid or GridStyle()
    box = (
        PhotoBox(photo, chosen.photo_width - 8, chosen.photo_height, chosen.photo_caption)
        if with_photo
        else None
    )
    return _GridBuilder(chosen, rows, width, box, photo_rows).flowables(rows)


def ending(story: Sequence[Flowable], closing: Sequence[Flowable], keep: int = 2) -> list[Flowable]:
    """Return ``story`` then ``closing`` (a statement, signatures), the closing kept on one
    page with the last ``keep`` flowables of ``story``: signatures never stand alone."""
    head, tail = list(story[: len(story) - keep]), list(story[len(story) - keep :])
    return [*head, KeepTogether([*tail, *closing])]


def column_table(
    header_rows: Sequence[Sequence[str]],
    body: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    size: float = BODY_SIZE,
    centred: Sequence[int] = (),
    section_rows: int = 0,
    one_line: Sequence[int] = (),
    keep_last: int = 0,
    plain: Sequence[int] = (),
) -> list[Flowable]:
    """Return a bordered table with heading rows repeated on every page it runs onto.

    The first ``section_rows`` heading rows are section titles (left-aligned, larger).
    Values in the ``one_line`` columns (names, dates) print on one line, smaller
    when they must, rather than break. With ``keep_last`` the last rows are a
    second table, so that ``ending`` can keep them with the signatures below.
    Values in the ``plain`` columns are drawn as they are, in the main font (numbers,
    dates, fixed words): far cheaper than a paragraph in a table of a thousand rows.
    """
    head_style = style(size, align=TA_CENTER)
    section_style = style(size + 1)
    body_style = style(size, leading=size * 1.3)
    centre_style = style(size, align=TA_CENTER, leading=size * 1.3)

    def body_cell(column: int, value: str) -> Any:
        if column in plain:
            return value
        align = TA_CENTER if column in centred else TA_LEFT
        if column in one_line and value:
            return fitted(value, widths[column] - 6, size, align=align, smallest=size * 0.7)
        return para(value, centre_style if column in centred else body_style)

    def heading_cell(index: int, text: str, column: int) -> Any:
        if not text:
            return ""
        if index < section_rows:
            return para(text, section_style)
        if column >= len(widths) or fonts.string_width(text, size * 0.75) > widths[column] - 6:
            return para(text, head_style)  # a heading over several columns, or a long one
        return fitted(text, widths[column] - 6, size)

    heads = [
        [heading_cell(index, text, column) for column, text in enumerate(row)]
        for index, row in enumerate(header_rows)
    ]
    text_widths = [width - 6 for width in widths]
    rows: list[list[Any]] = []
    for row in body:
        rows += split_row([body_cell(col, value) for col, value in enumerate(row)], text_widths)
    cut = len(rows) - keep_last if 0 < keep_last < len(rows) else len(rows)
    extra: list[tuple[Any, ...]] = [("FONTSIZE", (0, 0), (-1, -1), size)]
    extra += [
        ("ALIGN", (column, 0), (column, -1), "CENTER") for column in plain if column in centred
    ]
    tables: list[Flowable] = [_columns(heads, rows[:cut], widths, spans, size, len(heads), extra)]
    if cut < len(rows):
        tables.append(_columns([], rows[cut:], widths, (), size, 0, extra))
    return tables


def _columns(
    heads: list[list[Any]],
    rows: list[list[Any]],
    widths: Sequence[float],
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]],
    size: float,
    count: int,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    commands: list[tuple[Any, ...]] = [
        *extra,
        ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN),
        ("BOX", (0, 0), (-1, -1), 1.0, GRID),
        ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if count:
        commands.append(("BACKGROUND", (0, 0), (-1, count - 1), SHADE))
    commands += [("SPAN", start, end) for start, end in spans]
    minimum = max(6.2 * mm, size * 1.7)
    cells = heads + rows
    table = Table(
        cells,
        colWidths=list(widths),
        repeatRows=count,
        minRowHeights=[0] * count + [minimum] * len(rows),
    )
    table.setStyle(TableStyle(commands))
    return table


def beside(left: Any, right: Any, right_width: float, width: float = CONTENT_WIDTH) -> Table:
    """Return ``left`` and ``right`` side by side, without borders (``""`` leaves a side empty)."""
    table = Table([[left, right]], colWidths=[width - right_width, right_width])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table
