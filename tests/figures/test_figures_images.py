"""An image's type and size from its bytes, whatever its name says."""

from __future__ import annotations

import struct
from collections.abc import Callable

import pytest

from service.content.images import ImageInfo, image_info, looks_like_svg


def jpeg(width: int, height: int) -> bytes:
    """The start of a baseline JPEG: SOI, an APP0 segment, then a frame header."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + frame + b"\xff\xd9"


def webp(chunk: bytes, payload: bytes) -> bytes:
    body = b"WEBP" + chunk + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", len(body)) + body


VP8X = bytes(4) + (639).to_bytes(3, "little") + (479).to_bytes(3, "little")
# Lossless: a signature byte, then 14 bits of width - 1 and 14 of height - 1.
VP8L = b"\x2f" + ((99) | (49 << 14)).to_bytes(4, "little")
VP8 = b"\0\0\0" + b"\x9d\x01\x2a" + struct.pack("<HH", 320, 200)


@pytest.mark.parametrize(
    "data, expected",
    [
        (jpeg(800, 600), ImageInfo("image/jpeg", 800, 600)),
        (b"GIF87a" + struct.pack("<HH", 5, 7) + bytes(10), ImageInfo("image/gif", 5, 7)),
        (webp(b"VP8X", VP8X), ImageInfo("image/webp", 640, 480)),
        (webp(b"VP8L", VP8L), ImageInfo("image/webp", 100, 50)),
        (webp(b"VP8 ", VP8), ImageInfo("image/webp", 320, 200)),
    ],
    ids=["jpeg", "gif", "webp extended", "webp lossless", "webp lossy"],
)
def test_the_type_and_size_come_from_the_bytes(data: bytes, expected: ImageInfo) -> None:
    assert image_info(data) == expected


def test_a_png_is_read_from_its_header(png: Callable[..., bytes]) -> None:
    assert image_info(png(30, 20)) == ImageInfo("image/png", 30, 20)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.7\n",
        b"\xff\xd8\xff\xda" + bytes(10),  # JPEG data before any frame
        b"GIF89a" + struct.pack("<HH", 0, 7) + bytes(4),  # no width
        b"RIFF\0\0\0\0WEBPVP8Z" + bytes(20),
        b"\x89PNG\r\n\x1a\n" + bytes(8),  # cut short
    ],
)
def test_anything_else_is_no_image(data: bytes) -> None:
    assert image_info(data) is None


@pytest.mark.parametrize(
    "data, svg",
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', True),
        (b'\xef\xbb\xbf  <?xml version="1.0"?><svg/>', True),
        (b"<?xml version='1.0'?><note/>", False),
        (b"plain text", False),
    ],
)
def test_svg_is_recognised_to_say_why_it_is_refused(data: bytes, svg: bool) -> None:
    assert looks_like_svg(data) is svg
