"""Photos are made upright, RGB and small before they are stored; anything else is refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from desktop.core.children.photos import MAX_INPUT_BYTES, prepare_photo
from desktop.core.errors import ValidationError


def encode(image: Image.Image, kind: str, **options: object) -> bytes:
    """Return ``image`` saved in the format ``kind``."""
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def decode(data: bytes) -> Image.Image:
    """Return the stored JPEG, opened."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_large_photo_is_downscaled_to_jpeg() -> None:
    """The long side becomes 1024 pixels, the aspect ratio stays, the output is JPEG."""
    prepared = prepare_photo(encode(Image.new("RGB", (4000, 3000), (200, 30, 30)), "JPEG"))
    stored = decode(prepared.jpeg)
    assert stored.format == "JPEG"
    assert stored.mode == "RGB"
    assert (prepared.width, prepared.height) == stored.size == (1024, 768)


def test_small_photo_keeps_its_size() -> None:
    """A photo already small is not enlarged."""
    prepared = prepare_photo(encode(Image.new("RGB", (300, 400), "white"), "PNG"))
    assert (prepared.width, prepared.height) == (300, 400)


def test_exif_orientation_is_applied() -> None:
    """A photo taken sideways (EXIF orientation 6) is stored upright, without the EXIF."""
    exif = Image.Exif()
    exif[0x0112] = 6
    data = encode(Image.new("RGB", (2000, 1000), "blue"), "JPEG", exif=exif.tobytes())
    prepared = prepare_photo(data)
    assert (prepared.width, prepared.height) == (512, 1024)
    assert 0x0112 not in decode(prepared.jpeg).getexif()


def test_transparency_becomes_white() -> None:
    """Transparent pixels of a PNG are flattened onto white, not black."""
    data = encode(Image.new("RGBA", (50, 50), (0, 0, 0, 0)), "PNG")
    pixel = decode(prepare_photo(data).jpeg).getpixel((25, 25))
    assert isinstance(pixel, tuple)
    assert min(pixel) > 245


@pytest.mark.parametrize("mode", ["L", "P", "CMYK", "1", "I;16", "LA"])
def test_other_modes_become_rgb(mode: str) -> None:
    """Grey, palette, CMYK, bilevel and 16-bit images are all stored as RGB JPEGs."""
    kind = "TIFF" if mode in ("CMYK", "I;16") else "PNG"
    assert decode(prepare_photo(encode(Image.new(mode, (20, 10)), kind)).jpeg).mode == "RGB"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"not an image at all", "not a photo"),
        (b"%PDF-1.4 fake", "not a photo"),
        (encode(Image.new("RGB", (100, 100)), "PNG")[:60], "not a photo"),
        (b"\x00" * (MAX_INPUT_BYTES + 1), "larger than 20 MB"),
    ],
)
def test_bad_input_is_refused(data: bytes, words: str) -> None:
    """Non-images, damaged images, empty and oversized input raise ValidationError(photo)."""
    with pytest.raises(ValidationError) as caught:
        prepare_photo(data)
    assert caught.value.field == "photo"
    assert words in caught.value.message


def test_decompression_bomb_is_refused() -> None:
    """An image claiming a huge number of pixels is refused before it is decoded."""
    header = encode(Image.new("1", (20000, 20000)), "PNG")
    with pytest.raises(ValidationError, match="too many pixels"):
        prepare_photo(header)
