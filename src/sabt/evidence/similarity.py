"""Perceptual hashes: find copies of a photo or video that are not byte-equal.

The same picture shared again is re-encoded, resized and stripped of metadata,
so its SHA-256 changes completely; its pHash (a 64-bit fingerprint of the
image's low frequencies) barely moves. Two hashes a few bits apart are near
duplicates, which an investigator then compares by eye.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import imagehash
from PIL import Image, ImageOps

from sabt.evidence.images import open_header

# imagehash.phash keeps the 8x8 lowest frequencies of a 32x32 grey image:
# decoding a JPEG at a reduced scale (draft) to at least this size loses
# nothing it uses, and keeps a 50-megapixel photo out of memory.
_DRAFT_SIZE = (256, 256)
# 10 of 64 bits, the threshold usually quoted for pHash. Copies made by
# re-sharing land well inside it: the test photo of
# tests/evidence/test_similarity.py re-encoded at JPEG quality
# 30 and shrunk to 60% moved 0 bits. Unrelated images sit near 32 (a
# different test scene: 28); if their bits were independent coin flips, 10
# or fewer would happen once in 100 million pairs. Real photos share more
# structure than coins, so a match is a lead for a person to compare, not
# proof. Cropping defeats pHash (5% off each side moved the photo 14 bits):
# a larger threshold would not catch crops without drowning in false ones.
NEAR_DUPLICATE_DISTANCE = 10
FFMPEG_TIMEOUT_SECONDS = 120
# Pixels decoded for a hash, after JPEG draft scaling. A PNG takes up to 4
# bytes a pixel decoded, and the hash makes a grey copy: 50 megapixels is
# some 250 MB, well below Pillow's own DecompressionBombError (179 MP),
# which a 24 KB file can reach.
MAX_HASHED_PIXELS = 50_000_000
_HEX_HASH = re.compile(r"[0-9a-fA-F]{16}")


class ImageTooLarge(ValueError):
    """An image has more pixels than ``MAX_HASHED_PIXELS``: it is not decoded."""


class VideoHashError(Exception):
    """Frames could not be taken from a video (no ffmpeg, or it failed)."""


def image_hash(path: Path) -> str:
    """Return the 64-bit pHash of the image at ``path`` as 16 hex digits.

    The image is turned upright first (EXIF orientation), so a photo and the
    same photo rotated by an editor hash alike. Raises what Pillow raises for
    a file that is not an image (``PIL.UnidentifiedImageError``, OSError),
    and ImageTooLarge above ``MAX_HASHED_PIXELS``, before decoding it.
    """
    with open_header(path) as image:
        size = image.size
        image.draft("RGB", _DRAFT_SIZE)
        if image.width * image.height > MAX_HASHED_PIXELS:
            raise ImageTooLarge(_too_large(size))
        try:
            upright = ImageOps.exif_transpose(image)
            return str(imagehash.phash(upright, hash_size=8))
        except Image.DecompressionBombError as exc:  # a later frame or tile
            raise ImageTooLarge(_too_large(size)) from exc


def _too_large(size: tuple[int, int]) -> str:
    cap = MAX_HASHED_PIXELS // 1_000_000
    return f"no perceptual hash: {size[0]}x{size[1]} is more than {cap} megapixels"


def hash_distance(a_hex: str, b_hex: str) -> int:
    """Return the Hamming distance: the number of bits two hashes differ in.

    Raises ValueError unless both are 64-bit hashes in hex.
    """
    return (_bits(a_hex) ^ _bits(b_hex)).bit_count()


def are_near_duplicates(a_hex: str, b_hex: str) -> bool:
    """True if two pHashes are within ``NEAR_DUPLICATE_DISTANCE`` bits."""
    return hash_distance(a_hex, b_hex) <= NEAR_DUPLICATE_DISTANCE


def video_frame_hashes(path: Path, frames: int = 8) -> list[str]:
    """Return the pHashes of ``frames`` frames spread evenly over a video.

    Frames are taken at fixed fractions of the duration (the middle of each
    of ``frames`` equal parts), not at keyframes: a re-encoded copy puts its
    keyframes elsewhere but shows the same picture at the same moment, so
    its list lines up with the original's. ffmpeg seeks to each moment, so a
    long video is not decoded whole. Raises VideoHashError if ffmpeg or
    ffprobe is missing or cannot read the file.
    """
    ffmpeg, ffprobe = shutil.which("ffmpeg"), shutil.which("ffprobe")
    if ffmpeg is None or ffprobe is None:
        raise VideoHashError("ffmpeg and ffprobe are needed to hash video frames")
    duration = _duration(ffprobe, path)
    hashes = []
    with tempfile.TemporaryDirectory(prefix="sabt-frames-") as workdir:
        for index in range(frames):
            moment = duration * (index + 0.5) / frames
            frame = Path(workdir) / f"{index}.png"
            seek = f"{moment:.3f}"
            _run([
                ffmpeg, "-v", "error", "-nostdin", "-ss", seek,
                "-i", _file_url(path),
                "-frames:v", "1", "-vf", "scale=256:-2", "-y", str(frame),
            ])  # fmt: skip
            if frame.is_file():  # none when the last seek lands past the end
                hashes.append(image_hash(frame))
    if not hashes:
        raise VideoHashError("ffmpeg found no frames in the video")
    return hashes


def _duration(ffprobe: str, path: Path) -> float:
    output = _run([
        ffprobe, "-v", "error", "-show_entries", "format=duration",
        "-of", "default=noprint_wrappers=1:nokey=1", _file_url(path),
    ])  # fmt: skip
    try:
        duration = float(output)
    except ValueError as exc:
        raise VideoHashError("ffprobe found no duration in the video") from exc
    if not math.isfinite(duration) or duration <= 0:
        raise VideoHashError("ffprobe found no duration in the video")
    return duration


def _file_url(path: Path) -> str:
    """The path as ffmpeg input that no name can turn into another protocol."""
    return "file:" + str(path)


def _run(command: list[str]) -> str:
    """Run ffmpeg or ffprobe; return its output, or raise VideoHashError."""
    try:
        done = subprocess.run(  # noqa: S603  (found by which(), path as one argument)
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=FFMPEG_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise VideoHashError("ffmpeg took too long on the video") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()[:500]
        raise VideoHashError(f"ffmpeg could not read the video: {message}")
    return done.stdout.decode("utf-8", "replace").strip()


def _bits(hex_hash: str) -> int:
    if not _HEX_HASH.fullmatch(hex_hash):
        shown = repr(hex_hash)[:40]
        raise ValueError(f"not a 64-bit hash in hex: {shown}")
    return int(hex_hash, 16)
