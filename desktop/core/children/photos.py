"""Photos of children: any common image file in, a small upright JPEG out.

A photo is turned upright from its EXIF orientation, flattened onto white when
it has transparency, scaled down so its long side is at most 1024 pixels and
saved as a JPEG of quality 85 (without the EXIF data, which may hold the place
it was taken).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.errors import ValidationError
from desktop.core.i18n import _

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_INPUT_BYTES = 20 * 1024 * 1024
LONG_SIDE = 1024
QUALITY = 85


@dataclass(frozen=True)
class PreparedPhoto:
    """The JPEG to store and its size in pixels."""

    jpeg: bytes
    width: int
    height: int


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, field="photo")


def prepare_photo(image: bytes) -> PreparedPhoto:
    """Return ``image`` upright, RGB, long side <= 1024 px, as JPEG quality 85.

    Raises ``ValidationError`` (field ``photo``) for empty or oversized input and
    for anything Pillow cannot read as an image.
    """
    if not isinstance(image, bytes | bytearray) or not image:
        raise _refuse(_("The photo file is empty."))
    if len(image) > MAX_INPUT_BYTES:
        raise _refuse(_("The photo file is larger than 20 MB."))
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(image)) as opened:
                opened.draft("RGB", (LONG_SIDE, LONG_SIDE))
                upright = ImageOps.exif_transpose(opened)
                flat = _flatten(upright)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _refuse(_("The photo has too many pixels to be read safely.")) from None
    except Exception:  # a damaged file can make any decoder fail in its own way
        raise _refuse(
            _("This file is not a photo Homeward can read (JPEG, PNG, BMP, GIF).")
        ) from None
    flat.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    flat.save(out, "JPEG", quality=QUALITY, optimize=True)
    return PreparedPhoto(out.getvalue(), flat.width, flat.height)


def _flatten(picture: Image) -> Image:
    """Return ``picture`` as RGB, transparent parts made white."""
    from PIL import Image as Pil

    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        rgba = picture.convert("RGBA")
        background = Pil.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if picture.mode in ("I", "I;16", "F"):
        picture = picture.point(lambda value: value / 256).convert("L")
    return picture.convert("RGB")
