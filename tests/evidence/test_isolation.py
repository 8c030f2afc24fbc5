"""The evidence file modules stand alone: importing them loads no Django."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_file_modules_loads_no_django() -> None:
    code = (
        "import sys, sabt.evidence.blobs, sabt.evidence.inspection,"
        " sabt.evidence.similarity, sabt.evidence.webcapture;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
