"""Tests for sabt.evidence.similarity: near-duplicate photos and videos.

Distances measured with Pillow 13, ImageHash 4.3 and ffmpeg 5.1 are in each
test's docstring; the asserts leave a margin, since another libjpeg or
resampler may move a hash by a bit or two.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from sabt.evidence.similarity import (
    NEAR_DUPLICATE_DISTANCE,
    ImageTooLarge,
    VideoHashError,
    are_near_duplicates,
    hash_distance,
    image_hash,
    video_frame_hashes,
)
from tests.evidence.files import (
    SCENE_BRIDGE,
    SCENE_MARKET,
    reencode_video,
    scene,
    write_bomb_png,
    write_video,
)


@pytest.fixture
def original(tmp_path: Path) -> Path:
    """The photo as the witness took it: 640x480, JPEG quality 95."""
    path = tmp_path / "original.jpg"
    scene(SCENE_MARKET, seed=1).save(path, "JPEG", quality=95)
    return path


def _shared_copy(original: Path, target: Path) -> Path:
    """The photo as a messaging app passes it on: 60% size, quality 30."""
    with Image.open(original) as image:
        smaller = image.resize((384, 288), Image.Resampling.LANCZOS)
    smaller.save(target, "JPEG", quality=30)
    return target


def test_hash_is_64_bits_in_hex(original: Path) -> None:
    digest = image_hash(original)
    assert len(digest) == 16
    assert int(digest, 16) >= 0


def test_same_file_hashes_the_same(original: Path) -> None:
    assert image_hash(original) == image_hash(original)


def test_recompressed_and_resized_copy_is_a_near_duplicate(
    original: Path, tmp_path: Path
) -> None:
    """Measured distance: 0 bits."""
    copy = _shared_copy(original, tmp_path / "copy.jpg")
    distance = hash_distance(image_hash(original), image_hash(copy))
    assert distance <= 4, f"distance {distance}, measured 0"
    assert are_near_duplicates(image_hash(original), image_hash(copy)) is True


def test_png_copy_of_a_jpeg_is_a_near_duplicate(original: Path, tmp_path: Path) -> None:
    """A screenshot-like lossless copy; measured distance: 0 bits."""
    copy = tmp_path / "copy.png"
    with Image.open(original) as image:
        image.save(copy)
    assert hash_distance(image_hash(original), image_hash(copy)) <= 4


def test_different_scene_is_not_a_near_duplicate(
    original: Path, tmp_path: Path
) -> None:
    """Other shapes, other layout, same gradient; measured distance: 28 bits."""
    other = tmp_path / "other.jpg"
    scene(SCENE_BRIDGE, seed=2).save(other, "JPEG", quality=95)
    distance = hash_distance(image_hash(original), image_hash(other))
    assert distance > 2 * NEAR_DUPLICATE_DISTANCE, f"distance {distance}, measured 28"
    assert are_near_duplicates(image_hash(original), image_hash(other)) is False


def test_hash_distance_counts_differing_bits() -> None:
    assert hash_distance("0000000000000000", "0000000000000000") == 0
    assert hash_distance("0000000000000000", "ffffffffffffffff") == 64
    assert hash_distance("8000000000000001", "0000000000000000") == 2
    assert hash_distance("ABCDEF0123456789", "abcdef0123456789") == 0


@pytest.mark.parametrize(
    "bad", ["", "abc", "0x00000000000000", "000000000000000g", "-000000000000001"]
)
def test_hash_distance_refuses_what_is_not_a_64_bit_hex_hash(bad: str) -> None:
    with pytest.raises(ValueError, match="not a 64-bit hash in hex"):
        hash_distance(bad, "0000000000000000")


@pytest.mark.parametrize("side", [10000, 30000])  # Pillow warns, Pillow refuses
def test_an_image_above_the_cap_is_refused_before_decoding(
    tmp_path: Path, side: int
) -> None:
    bomb = write_bomb_png(tmp_path / "bomb.png", side, side)
    expected = f"no perceptual hash: {side}x{side} is more than 50 megapixels"
    with pytest.raises(ImageTooLarge) as raised:
        image_hash(bomb)
    assert str(raised.value) == expected


def test_threshold_is_inclusive() -> None:
    ten_bits = format((1 << NEAR_DUPLICATE_DISTANCE) - 1, "016x")
    eleven_bits = format((1 << (NEAR_DUPLICATE_DISTANCE + 1)) - 1, "016x")
    assert are_near_duplicates("0000000000000000", ten_bits) is True
    assert are_near_duplicates("0000000000000000", eleven_bits) is False


def test_video_frames_of_a_reencoded_copy_are_near_duplicates(
    tmp_path: Path,
) -> None:
    """Half size at CRF 40 against the original; measured: 4, 0, 4, 2 bits."""
    clip = write_video(tmp_path / "clip.mp4", seconds=4, size="320x240")
    copy = reencode_video(clip, tmp_path / "copy.mp4", size="160:120", crf=40)
    ours, theirs = video_frame_hashes(clip, 4), video_frame_hashes(copy, 4)
    assert len(ours) == len(theirs) == 4
    distances = [hash_distance(a, b) for a, b in zip(ours, theirs, strict=True)]
    assert max(distances) <= NEAR_DUPLICATE_DISTANCE, f"distances {distances}"


def test_video_frames_of_another_video_are_not_near_duplicates(
    tmp_path: Path,
) -> None:
    """testsrc against smptebars; measured: 40, 36, 40, 28 bits."""
    clip = write_video(tmp_path / "clip.mp4", seconds=4, size="320x240")
    other = write_video(
        tmp_path / "other.mp4", source="smptebars", seconds=4, size="320x240"
    )
    pairs = zip(video_frame_hashes(clip, 4), video_frame_hashes(other, 4), strict=True)
    distances = [hash_distance(a, b) for a, b in pairs]
    assert min(distances) > NEAR_DUPLICATE_DISTANCE, f"distances {distances}"


def test_video_frames_need_ffmpeg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clip = write_video(tmp_path / "clip.mp4")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(VideoHashError, match="ffmpeg and ffprobe are needed"):
        video_frame_hashes(clip)


def test_video_frames_of_a_non_video_raise(tmp_path: Path) -> None:
    write_video(tmp_path / "unused.mp4")  # skips where ffmpeg is missing
    text = tmp_path / "notes.mp4"
    text.write_text("not a video\n", encoding="utf-8")
    with pytest.raises(VideoHashError, match="ffmpeg could not read the video"):
        video_frame_hashes(text)
