"""The layout kit every printed form is built with: plain data in, PDF bytes out.

A4 portrait, 20 mm margins. Each page carries the center's header (logo, the
center's name or form header, the form's title, its number "表 1" and the case
number) and a footer with "第 1 页 共 2 页"; a form that runs over repeats both.
The body is made of:

- ``field_grid``: a bordered table of label/value cells, two pairs a row or one
  pair across, with section rows and an optional photo cell spanning the first
  rows. Long values wrap inside their cell and make the row taller; a value too
  long for one page continues on the next. An empty value prints lines to
  write on.
- ``PhotoBox``: the photo fitted into its frame, or an empty frame with a caption.
- ``WritingLines``: light lines for handwriting.
- ``signature_row``: boxes to sign in, each with an optional thumbprint square
  (按手印) and a date line.
- ``SealBox``: where the center stamps its seal (盖章), with a date line.

Text is drawn with the bundled fonts (see ``fonts``): rare characters come from
the fallback font.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from desktop.core.forms import fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
FOOTER_Y = 11 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
GRID = colors.black
SHADE = colors.Color(0.93, 0.93, 0.93)
FAINT = colors.Color(0.55, 0.55, 0.55)
LINE = colors.Color(0.72, 0.72, 0.72)
BODY_SIZE = 10.5
DATE_BLANK = "　　　　年　　月　　日"
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
    """Return a paragraph style in the forms' font that wraps Chinese anywhere."""
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


def para(text: str, paragraph_style: ParagraphStyle | None = None) -> Paragraph:
    """Return ``text`` (plain, not markup) as a paragraph; rare characters use the fallback."""
    return Paragraph(fonts.markup(text), paragraph_style or style())


def image_reader(data: bytes | None) -> ImageReader | None:
    """Return a reader for image bytes, or None when there are none or they are not an image."""
    if not data:
        return None
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
    except Exception:  # any damage: the form prints without the picture
        return None
    return reader if width > 0 and height > 0 else None


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


class _Header:
    """The header laid out once for the document, drawn on every page."""

    LOGO_SLOT = 26 * mm
    LOGO_HEIGHT = 15 * mm
    TOP = 12 * mm

    def __init__(self, heading: Heading) -> None:
        self.heading = heading
        self.logo = image_reader(heading.logo)
        self.text_width = CONTENT_WIDTH - 2 * self.LOGO_SLOT
        self.center = self._fit_center(heading.center)
        self.title = para(heading.title, style(heading.title_size, align=TA_CENTER))
        self.title_height = self.title.wrap(self.text_width, PAGE_HEIGHT)[1]
        self.meta_size = BODY_SIZE
        self.height = self.center_height + 2 * mm + self.title_height + 3 * mm + 6 * mm

    def _fit_center(self, name: str) -> Paragraph:
        """The center's name, smaller the longer it is, on at most three lines when it can."""
        for size in (15.0, 14.0, 13.0, 12.0, 11.0, 10.0, 9.0):
            paragraph = para(name, style(size, align=TA_CENTER, leading=size * 1.3))
            _w, height = paragraph.wrap(self.text_width, PAGE_HEIGHT)
            if height <= size * 1.3 * 3 + 0.1:
                break
        self.center_height = height
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
        if heading.case_no:
            text = f"案卷号：{heading.case_no}"
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
        invariant=True,
    )
    frame = Frame(MARGIN, MARGIN, CONTENT_WIDTH, PAGE_HEIGHT - top - MARGIN, id="body")
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
        hint = "（盖章）"
        fonts.draw_string(canvas, centre_x - fonts.string_width(hint, 9) / 2, centre_y - 3, hint, 9)
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


class SignatureBox(Flowable):  # type: ignore[misc]
    """A bordered box: the signer's role, room to sign, a thumbprint square, a date line."""

    HEIGHT = 28 * mm
    THUMB = 13 * mm

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
        if self.signer.thumbprint:
            self._draw_thumb(canvas, pad)
        sign_right = self.width - pad - (self.THUMB + pad if self.signer.thumbprint else 0)
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.5)
        canvas.line(pad, 10 * mm, sign_right, 10 * mm)
        fonts.draw_string(canvas, pad, pad + 1, f"日期：{DATE_BLANK}", size)

    def _draw_thumb(self, canvas: Canvas, pad: float) -> None:
        x = self.width - pad - self.THUMB
        y = 6.5 * mm
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
    """Sizes of a grid: text size, label column width, the photo column (when any)."""

    size: float = BODY_SIZE
    label_width: float = 27 * mm
    photo_width: float = 36 * mm
    photo_height: float = 47 * mm
    photo_caption: str = "照片"


def _value_cell(pair: Pair, text_style: ParagraphStyle, gap: float) -> Flowable:
    if pair.value.strip():
        return para(pair.value, text_style)
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


class _GridBuilder:
    """Turns rows of pairs into a ReportLab table with spans and styles."""

    PADDING = 4

    def __init__(self, grid: GridStyle, width: float, photo: PhotoBox | None, photo_rows: int):
        self.grid = grid
        self.photo = photo
        self.photo_rows = photo_rows if photo is not None else 0
        photo_width = grid.photo_width if photo is not None else 0
        value_width = (width - 2 * grid.label_width - photo_width) / 2
        self.widths = [grid.label_width, value_width, grid.label_width, value_width]
        if photo is not None:
            self.widths.append(photo_width)
        self.last = len(self.widths) - 1
        self.label_style = style(grid.size, align=TA_CENTER)
        self.value_style = style(grid.size)
        self.section_style = style(grid.size + 1)
        self.gap = max(6.5 * mm, grid.size * 2.0)
        self.cells: list[list[Any]] = []
        self.commands: list[tuple[Any, ...]] = []
        self.added = 0
        self.photo_end = -1

    def add(self, row: Row) -> None:
        """Add one row of the form (a section title or one or two pairs)."""
        in_photo = self.added < self.photo_rows
        end = self.last - 1 if in_photo else self.last
        if isinstance(row, Section):
            index = len(self.cells)
            self.cells.append([para(row.title, self.section_style), *[""] * self.last])
            self.commands += [
                ("SPAN", (0, index), (end, index)),
                ("BACKGROUND", (0, index), (end, index), SHADE),
            ]
        else:
            self._add_pairs(row, end)
        self.added += 1
        if in_photo:
            self.photo_end = len(self.cells) - 1

    def _text_width(self, first: int, last: int) -> float:
        return sum(self.widths[first : last + 1]) - 2 * self.PADDING

    def _add_pairs(self, row: tuple[Pair, ...], end: int) -> None:
        last_value = len(row) * 2 - 1
        cells: list[Any] = [""] * len(self.widths)
        widths = [self._text_width(column, column) for column in range(len(self.widths))]
        for position, pair in enumerate(row):
            column = position * 2
            cells[column] = para(pair.label, self.label_style)
            cells[column + 1] = _value_cell(pair, self.value_style, self.gap)
        widths[last_value] = self._text_width(last_value, end)
        for number, piece in enumerate(split_row(cells, widths)):
            index = len(self.cells)
            if number:
                piece[0] = para(f"{row[0].label}（续）", self.label_style)
            self.cells.append(piece)
            for position in range(len(row)):
                self.commands.append(
                    ("BACKGROUND", (position * 2, index), (position * 2, index), SHADE)
                )
            if last_value < end:
                self.commands.append(("SPAN", (last_value, index), (end, index)))

    def table(self) -> Table:
        """Return the grid as a table (rows split between pages, never inside one)."""
        pad = self.PADDING
        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN),
            ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN),
            ("BOX", (0, 0), (-1, -1), 1.0, GRID),
            ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        if self.photo is not None and self.cells:
            self.cells[0][self.last] = self.photo
            end = max(self.photo_end, 0)
            commands += [
                ("SPAN", (self.last, 0), (self.last, end)),
                ("ALIGN", (self.last, 0), (self.last, end), "CENTER"),
            ]
        table = Table(self.cells, colWidths=self.widths)
        table.setStyle(TableStyle(commands + self.commands))
        return table


def field_grid(
    rows: Sequence[Row],
    *,
    width: float = CONTENT_WIDTH,
    grid: GridStyle | None = None,
    photo: bytes | None = None,
    with_photo: bool = False,
    photo_rows: int = 0,
) -> Table:
    """Return a bordered grid of label/value cells.

    Each row holds one pair across the width, two pairs side by side, or a
    ``Section`` title. With ``with_photo`` the first ``photo_rows`` rows leave
    the right column to the photo (or an empty frame captioned "照片").
    """
    chosen = grid or GridStyle()
    box = (
        PhotoBox(photo, chosen.photo_width - 8, chosen.photo_height, chosen.photo_caption)
        if with_photo
        else None
    )
    builder = _GridBuilder(chosen, width, box, photo_rows)
    for row in rows:
        builder.add(row)
    return builder.table()


def column_table(
    header_rows: Sequence[Sequence[str]],
    body: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    size: float = BODY_SIZE,
    centred: Sequence[int] = (),
    section_rows: int = 0,
) -> Table:
    """Return a bordered table with heading rows repeated on every page it runs onto.

    The first ``section_rows`` heading rows are section titles (left-aligned, larger).
    """
    head_style = style(size, align=TA_CENTER)
    section_style = style(size + 1)
    body_style = style(size, leading=size * 1.3)
    centre_style = style(size, align=TA_CENTER, leading=size * 1.3)

    def body_cell(column: int, value: str) -> Paragraph:
        return para(value, centre_style if column in centred else body_style)

    cells: list[list[Any]] = [
        [
            para(text, section_style if index < section_rows else head_style) if text else ""
            for text in row
        ]
        for index, row in enumerate(header_rows)
    ]
    text_widths = [width - 6 for width in widths]
    for row in body:
        cells += split_row([body_cell(col, value) for col, value in enumerate(row)], text_widths)
    heads = len(header_rows)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN),
        ("BOX", (0, 0), (-1, -1), 1.0, GRID),
        ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, heads - 1), SHADE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    commands += [("SPAN", start, end) for start, end in spans]
    minimum = max(6.2 * mm, size * 1.7)
    table = Table(
        cells,
        colWidths=list(widths),
        repeatRows=heads,
        minRowHeights=[0] * heads + [minimum] * (len(cells) - heads),
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
