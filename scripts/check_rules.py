"""House rules that ruff and mypy cannot see (STYLE.md, "House rules").

Each rule is a regular expression over source lines with the folders it
applies to, a reason, and a good and a bad example that the rule itself is
checked against on every run. Exit 1 listing every violation, else 0.

    python scripts/check_rules.py
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "sabt"
INTERFACES = ("web", "api", "cli.py")


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    applies_to: tuple[str, ...]
    reason: str
    good: str
    bad: str
    exempt: tuple[str, ...] = ()


RULES = (
    Rule(
        name="no ORM writes in interfaces",
        pattern=re.compile(
            r"\.(save|delete|bulk_create|bulk_update|get_or_create|update_or_create)\("
            r"|\.objects\.(create|update)\(|\.update\(\s*\w+\s*="
        ),
        applies_to=INTERFACES,
        reason="every write is a signed event: call a service",
        good="note = services.create_note(actor=request.user, **form.cleaned_data)",
        bad="Incident.objects.create(title=title)",
        exempt=("web/views/auth.py",),
    ),
    Rule(
        name="no ledger calls in interfaces",
        pattern=re.compile(r"\b(record_event|ingest_event|ledger\.append)\("),
        applies_to=INTERFACES,
        reason="only services append to the ledger",
        good="services.change_status(actor=user, incident=incident, ...)",
        bad="record_event(type='incident.reported', record=r, body={})",
    ),
    Rule(
        name="protected rows only through access",
        pattern=re.compile(
            r"\b(Incident|Person|Source|Statement|Act|EvidenceItem|Note)"
            r"\.objects\.(get|filter|all|exclude)\("
        ),
        applies_to=INTERFACES,
        reason="reads go through sabt.access.queries so permissions hold",
        good="incident = get_incident_for(request.user, record)",
        bad="incident = Incident.objects.get(pk=record)",
    ),
    Rule(
        name="no print in src",
        pattern=re.compile(r"^\s*print\("),
        applies_to=("",),
        # The bundle verifier runs alone on a court expert's machine.
        exempt=("bundles/verify_bundle.py",),
        reason="use logging, or self.stdout in commands",
        good="logger.info('loaded %s places', count)",
        bad="    print(count)",
    ),
    Rule(
        name="no bare type: ignore",
        pattern=re.compile(r"#\s*type:\s*ignore(?!\[[a-z-]+(,\s*[a-z-]+)*\]\s+#)"),
        applies_to=("",),
        reason="say which error and why: # type: ignore[code]  # reason",
        good="x = f()  # type: ignore[no-any-return]  # untyped library",
        bad="x = f()  # type: ignore",
    ),
)


def check_examples() -> list[str]:
    """The rules' own examples must behave, or the rules are wrong."""
    errors = []
    for rule in RULES:
        if rule.pattern.search(rule.good):
            errors.append(f"rule {rule.name!r} flags its own good example")
        if not rule.pattern.search(rule.bad):
            errors.append(f"rule {rule.name!r} misses its own bad example")
    return errors


def violations() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if "/migrations/" in f"/{relative}":
            continue
        for rule in RULES:
            if not relative.startswith(rule.applies_to) or relative in rule.exempt:
                continue
            for number, line in enumerate(
                path.read_text(encoding="utf-8").splitlines(), 1
            ):
                if rule.pattern.search(line):
                    found.append(
                        f"src/sabt/{relative}:{number}: {rule.name}: {rule.reason}"
                    )
    return found


def main() -> int:
    problems = check_examples() + violations()
    for problem in problems:
        sys.stderr.write(problem + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
