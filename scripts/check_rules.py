"""House rules that ruff and mypy cannot see (STYLE.md, "House rules").

Each rule is a regular expression over source lines with the files it
applies to (glob patterns below src/sabt), a reason, and a good and a bad
example that the rule itself is checked against on every run. Interfaces are
the web app, the API, the ``sabt`` entry point and every management command.
The rows protected by case are found, not listed: every model with a
``case`` field, or inheriting one. Exit 1 listing every violation, else 0.

    python scripts/check_rules.py
"""

from __future__ import annotations

import ast
import fnmatch
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "sabt"
INTERFACES = ("web/*", "api/*", "cli.py", "*/management/commands/*")


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    applies_to: tuple[str, ...]
    reason: str
    good: str
    bad: str
    exempt: tuple[str, ...] = ()

    def applies(self, relative: str) -> bool:
        """Whether the file at ``relative`` (below src/sabt) is in scope."""
        if relative in self.exempt:
            return False
        return any(fnmatch.fnmatchcase(relative, glob) for glob in self.applies_to)


def case_models(root: Path = SRC) -> list[str]:
    """Names of the models that have a ``case`` field, or inherit one.

    Every module is read, not only ``models.py``: a base such as RecordBase
    may live anywhere.
    """
    classes: dict[str, list[str]] = {}
    with_case: set[str] = set()
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            # One name may be a model here and a dataclass there: keep both.
            bases = classes.setdefault(node.name, [])
            bases += [ast.unparse(base) for base in node.bases]
            if any(_assigns_case(statement) for statement in node.body):
                with_case.add(node.name)
    grew = True
    while grew:  # a model inherits ``case`` from a base that has it
        inheriting = {name for name, bases in classes.items() if with_case & {*bases}}
        grew = not inheriting <= with_case
        with_case |= inheriting
    return sorted(with_case)


def _assigns_case(statement: ast.stmt) -> bool:
    """Whether the statement is ``case = models.<Field>(...)``."""
    if isinstance(statement, ast.Assign):
        targets, value = statement.targets, statement.value
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        targets, value = [statement.target], statement.value
    else:
        return False
    is_field = (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and isinstance(value.func.value, ast.Name)
        and value.func.value.id == "models"
    )
    return is_field and any(isinstance(t, ast.Name) and t.id == "case" for t in targets)


# The access tables themselves: who is in which case, read to decide access.
ACCESS_MODELS = {"Membership"}
# Rows with no case of their own, seen through the record that has one.
THROUGH_THEIR_RECORD = {"EvidenceFile"}
PROTECTED = sorted({*case_models(), *THROUGH_THEIR_RECORD} - ACCESS_MODELS)


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
            rf"\b({'|'.join(PROTECTED)})\.objects\.(get|filter|all|exclude)\("
        ),
        applies_to=INTERFACES,
        reason="reads go through sabt.access.queries so permissions hold",
        good="incident = get_incident_for(request.user, record)",
        bad="incident = Incident.objects.get(pk=record)",
    ),
    Rule(
        name="no print in src",
        pattern=re.compile(r"^\s*print\("),
        applies_to=("*",),
        # The bundle verifier runs alone on a court expert's machine.
        exempt=("bundles/verify_bundle.py",),
        reason="use logging, or self.stdout in commands",
        good="logger.info('loaded %s places', count)",
        bad="    print(count)",
    ),
    Rule(
        name="no bare type: ignore",
        pattern=re.compile(r"#\s*type:\s*ignore(?!\[[a-z-]+(,\s*[a-z-]+)*\]\s+#)"),
        applies_to=("*",),
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
            if not rule.applies(relative):
                continue
            for number, line in enumerate(
                path.read_text(encoding="utf-8").splitlines(), 1
            ):
                if rule.pattern.search(line):
                    found.append(
                        f"src/sabt/{relative}:{number}: {rule.name}: {rule.reason}"
                    )
    return found


def uncovered() -> list[str]:
    """Interfaces and protected models the rules would miss: a new layout."""
    problems = []
    interface_rules = [rule for rule in RULES if rule.applies_to == INTERFACES]
    for path in sorted(SRC.rglob("management/commands/*.py")):
        relative = path.relative_to(SRC).as_posix()
        if path.name != "__init__.py" and not all(
            rule.applies(relative) or relative in rule.exempt
            for rule in interface_rules
        ):
            problems.append(f"src/sabt/{relative}: a command the rules miss")
    protected = next(r for r in RULES if r.name == "protected rows only through access")
    for model in set(case_models()) - ACCESS_MODELS:
        if not protected.pattern.search(f"{model}.objects.filter(case=c)"):
            problems.append(f"model {model} has a case the rules miss")
    return problems


def main() -> int:
    problems = check_examples() + uncovered() + violations()
    for problem in problems:
        sys.stderr.write(problem + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
