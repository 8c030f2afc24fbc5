"""The ledger package stands alone: importing it loads no Django module."""

from __future__ import annotations

import subprocess
import sys


def test_importing_ledger_loads_no_django() -> None:
    code = (
        "import sys, sabt.ledger, sabt.ledger.verify;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'django');"
        "print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
