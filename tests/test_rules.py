"""Tests for scripts/check_rules.py: the house rules catch what they name."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check_rules.py"


def _rules() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_rules", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_every_rule_flags_its_bad_example_and_passes_its_good_one() -> None:
    assert _rules().check_examples() == []


def test_the_source_tree_keeps_the_rules() -> None:
    assert _rules().violations() == []
