"""Print the import graph between sabt's packages; fail on an upward edge.

Every package sits in one layer, and a module may import only from its own
package and from layers below it. Management commands are interfaces, like
the web app: they may import from any layer. Run from the repository root:

    python scripts/import_graph.py            # print the graph, exit 1 on a bad edge
    python scripts/import_graph.py --root DIR  # check another tree laid out as src/sabt
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

# Bottom to top. A package imports only from layers before its own; packages
# in one layer do not import one another, but interfaces may.
LAYERS: list[tuple[str, ...]] = [
    ("ledger", "names", "csvsafe"),  # pure Python, no Django
    ("ledger_store",),  # the signed log in the database, sealing, keys
    ("core",),  # cases, the shared record fields, service helpers, checks
    ("gazetteer", "notes"),
    ("records",),
    ("evidence",),
    ("tracing",),
    ("access",),  # who may see what: the read gate over the domain apps
    # Work across the domain apps, and the ways in from the field.
    ("analysis", "bundles", "demo", "field", "odk", "testing"),
    ("reports",),  # what bundles disclose, written for people
    ("api", "web", "cli", "urls", "wsgi", "settings", "__init__", "__main__"),
]
INTERFACE = len(LAYERS) - 1


def layer_of(package: str) -> int:
    for rank, layer in enumerate(LAYERS):
        if package in layer:
            return rank
    raise SystemExit(f"import_graph: package sabt.{package} is in no layer; add it")


def modules(src: Path) -> Iterator[tuple[Path, str, bool]]:
    """Each module file, its package and whether it is a management command."""
    for path in sorted(src.rglob("*.py")):
        parts = path.relative_to(src).parts
        if "migrations" in parts:
            continue
        package = parts[0].removesuffix(".py")
        yield path, package, "management" in parts


def imported_packages(path: Path) -> Iterator[tuple[str, int]]:
    """The sabt packages a module imports, with the line of each import."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "sabt" and len(parts) > 1:
                yield parts[1], node.lineno


def check(src: Path) -> tuple[dict[str, set[str]], list[str]]:
    """The package graph and one line per import that points up or sideways."""
    graph: dict[str, set[str]] = defaultdict(set)
    problems = []
    for path, package, is_command in modules(src):
        rank = INTERFACE if is_command else layer_of(package)
        for target, line in imported_packages(path):
            if target == package:
                continue
            graph[f"{package} (commands)" if is_command else package].add(target)
            if layer_of(target) > rank or (layer_of(target) == rank < INTERFACE):
                where = path.relative_to(src.parent.parent)
                problems.append(
                    f"{where}:{line}: sabt.{package} (layer {rank}) imports "
                    f"sabt.{target} (layer {layer_of(target)})"
                )
    return graph, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--quiet", action="store_true", help="print problems only")
    args = parser.parse_args()
    graph, problems = check(args.root / "src" / "sabt")
    if not args.quiet:
        for package in sorted(
            graph, key=lambda name: (layer_of(name.split()[0]), name)
        ):
            targets = sorted(graph[package], key=lambda name: (layer_of(name), name))
            print(f"{package} -> {', '.join(targets)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"import_graph: {len(problems)} upward import(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
