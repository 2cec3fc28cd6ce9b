"""What an image file is, from its bytes: type and size in pixels, never from its name.

Only raster formats every browser shows are taken: PNG, JPEG, GIF and WebP. SVG is
refused because it is a document that can carry scripts and load other files; a figure
is drawn, not run. The header is read by hand (a few bytes per format), so loading a
bundle needs no imaging library.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

# File name endings each media type may carry; the first is the one to suggest.
EXTENSIONS = {
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/gif": ("gif",),
    "image/webp": ("webp",),
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers, which carry the picture's size (not DHT, JPG or DAC).
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# JPEG markers that stand alone, without a length.
_JPEG_BARE = frozenset({0x01, *range(0xD0, 0xD9)})


@dataclass(frozen=True)
class ImageInfo:
    """An image's media type and size in pixels."""

    media_type: str
    width: int
    height: int

    @property
    def extensions(self) -> tuple[str, ...]:
        """The file name endings this type may carry, lower-case, without the dot."""
        return EXTENSIONS[self.media_type]


def image_info(data: bytes) -> ImageInfo | None:
    """The type and size of the PNG, JPEG, GIF or WebP image in ``data``; None otherwise."""
    try:
        if data.startswith(PNG_SIGNATURE):
            info = _png(data)
        elif data.startswith(b"\xff\xd8\xff"):
            info = _jpeg(data)
        elif data[:6] in (b"GIF87a", b"GIF89a"):
            width, height = struct.unpack_from("<HH", data, 6)
            info = ImageInfo("image/gif", width, height)
        elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            info = _webp(data)
        else:
            return None
    except struct.error:  # cut short before its size
        return None
    return info if info is not None and info.width > 0 and info.height > 0 else None


def looks_like_svg(data: bytes) -> bool:
    """Whether ``data`` is an SVG document (XML text with an ``<svg`` element)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) and b"<svg" in head


def _png(data: bytes) -> ImageInfo | None:
    """A PNG's size, from its IHDR chunk; None when the file is cut short."""
    if data[12:16] != b"IHDR" or not data.rstrip(b"\0").endswith(b"IEND\xaeB`\x82"):
        return None
    width, height = struct.unpack_from(">II", data, 16)
    return ImageInfo("image/png", width, height)


def _jpeg(data: bytes) -> ImageInfo | None:
    """A JPEG's size, from its first start-of-frame segment."""
    at = 2
    while at < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _JPEG_BARE:
            at += 2
            continue
        (length,) = struct.unpack_from(">H", data, at + 2)
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack_from(">HH", data, at + 5)
            return ImageInfo("image/jpeg", width, height)
        if marker == 0xDA or length < 2:  # image data before any frame: not a picture
            return None
        at += 2 + length
    return None


def _webp(data: bytes) -> ImageInfo | None:
    """A WebP's size, from its lossy, lossless or extended header."""
    chunk = data[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack_from("<HH", data, 26)
        return ImageInfo("image/webp", width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L":
        b0, b1, b2, b3 = struct.unpack_from("<4B", data, 21)
        width = 1 + (b0 | (b1 & 0x3F) << 8)
        height = 1 + (b1 >> 6 | b2 << 2 | (b3 & 0x0F) << 10)
        return ImageInfo("image/webp", width, height)
    if chunk == b"VP8X":
        w = struct.unpack_from("<3B", data, 24)
        h = struct.unpack_from("<3B", data, 27)
        width = 1 + (w[0] | w[1] << 8 | w[2] << 16)
        height = 1 + (h[0] | h[1] << 8 | h[2] << 16)
        return ImageInfo("image/webp", width, height)
    return None
