"""Writing a PDF must not loosen how evidence images are checked."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageFile

from sabt.evidence.inspection import inspect_file
from sabt.reports.rendering import render_pdf


def test_a_truncated_photo_is_still_reported_after_a_pdf_is_written(
    tmp_path: Path,
) -> None:
    assert render_pdf("<p>Darhel</p>").startswith(b"%PDF")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    whole = tmp_path / "whole.jpg"
    Image.new("RGB", (640, 480), (90, 120, 150)).save(whole, quality=95)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    facts = inspect_file(cut)
    assert any("truncated" in problem for problem in facts.problems)
