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


def test_every_model_with_a_case_is_protected() -> None:
    rules = _rules()
    found = set(rules.case_models())
    assert {"Incident", "Person", "Note", "TracingRequest", "Count"} <= found
    assert {"EvidenceItem", "Candidate", "ListEntry"} <= found  # inherited or own
    assert "Membership" in found and "Membership" not in rules.PROTECTED
    assert rules.uncovered() == []


def test_a_management_command_is_an_interface() -> None:
    rules = _rules()
    [protected] = [
        r for r in rules.RULES if r.name == "protected rows only through access"
    ]
    [writes] = [r for r in rules.RULES if r.name == "no ORM writes in interfaces"]
    command = "tracing/management/commands/pfif.py"
    assert protected.applies(command) and writes.applies(command)
    assert protected.pattern.search("TracingRequest.objects.filter(case=case)")
    assert protected.pattern.search("Note.objects.all()")
    assert not protected.applies("tracing/pfif/exchange.py")
