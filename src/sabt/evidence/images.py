"""Opening an untrusted image for its header only: size, format, EXIF.

``Image.open`` refuses an image of more than 179 megapixels outright
(``DecompressionBombError``), before anything is read but the header, and
then nothing at all can be said about it, not even its size. A PNG of
30000x30000 pixels is 100 KB on disk and 900 MB decoded: evidence may be
such a file, and it is stored, described and refused a decoding by the
callers' own limits instead. ``open_header`` identifies the file as
``Image.open`` does, through the same registry of formats, but leaves the
pixel count to the caller, which checks ``image.size`` before anything
loads.

A PNG's EXIF may come after its pixels, where Pillow's ``getexif`` finds it
only by decoding the whole image; ``exif_of`` walks the chunks instead.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageFile, UnidentifiedImageError

# Enough for Pillow's format tests, as Image.open reads.
_PREFIX_BYTES = 16
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Chunks read while looking for a PNG's eXIf: a real PNG has a few hundred
# (IDAT chunks of 8 KB or more), a hostile one millions of empty ones.
_MAX_PNG_CHUNKS = 1_000_000
# EXIF is at most 64 KB in a JPEG; more in a PNG would only be a burden.
_MAX_EXIF_BYTES = 1024 * 1024
# What a format's reader raises on bytes it cannot parse (as Image.open).
_NOT_THIS_FORMAT = (SyntaxError, IndexError, TypeError, struct.error)


@contextmanager
def open_header(path: Path) -> Iterator[ImageFile.ImageFile]:
    """Open the image at ``path`` lazily, whatever its pixel count.

    Nothing is decoded: the caller checks ``width * height`` before it
    loads, draws or converts, inside the ``with`` block, which closes the
    file. Raises UnidentifiedImageError if no format of Pillow's reads the
    file, and OSError if it cannot be opened.
    """
    with Path(path).open("rb") as handle:
        prefix = handle.read(_PREFIX_BYTES)
        Image.init()
        for format_id in Image.ID:
            factory, accept = Image.OPEN[format_id]
            fits = accept is None or accept(prefix)
            # A string from accept() is Pillow's note of why it does not fit.
            if isinstance(fits, str) or not fits:
                continue
            handle.seek(0)
            try:
                image = factory(handle, str(path))
            except _NOT_THIS_FORMAT:
                continue
            with image:
                yield image
            return
    raise UnidentifiedImageError(f"cannot identify image file {Path(path).name!r}")


def exif_of(image: ImageFile.ImageFile, path: Path) -> Image.Exif:
    """The image's EXIF, read without decoding its pixels."""
    if image.format != "PNG" or "exif" in image.info:
        return image.getexif()
    exif = Image.Exif()
    with Path(path).open("rb") as handle:
        data = _png_exif_chunk(handle)
    if data:
        exif.load(data)
    return exif


def _png_exif_chunk(handle: BinaryIO) -> bytes:
    """The eXIf chunk's data, found by skipping over every other chunk."""
    if handle.read(len(_PNG_SIGNATURE)) != _PNG_SIGNATURE:
        return b""
    for _ in range(_MAX_PNG_CHUNKS):
        head = handle.read(8)
        if len(head) < 8:
            return b""
        length, kind = struct.unpack(">I4s", head)
        if kind == b"eXIf":
            return handle.read(min(length, _MAX_EXIF_BYTES))
        if kind == b"IEND":
            return b""
        handle.seek(length + 4, io.SEEK_CUR)  # the data and its CRC
    return b""
