"""The names package stands alone: importing it loads no Django module."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_names_modules_loads_no_django() -> None:
    code = (
        "import sys, sabt.names.script, sabt.names.persons;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
