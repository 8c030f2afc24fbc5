"""Benchmark the Merkle tree: appends, roots and proofs, against raw SHA-256.

Measures ``sabt.ledger.merkle`` in memory, with no database or Django:

``merkle.append_rate``
    Leaves per second appending N leaf hashes (``--leaves``, default
    1,000,000) to an empty ``MerkleTree``, and the interior hashes that cost.
``merkle.memory``
    The bytes of hashes the tree holds (``hash_bytes``, 32 per stored node,
    about 64 per leaf) and how much this process's peak resident memory grew
    while building it (``rss_growth_mb``, from ``getrusage`` ``ru_maxrss``).
    Goal: under 150 bytes per leaf, 150 MB for a million leaves.
``merkle.root_rate``
    ``root()`` at the full size, ``--roots`` times (default 1,000).
``merkle.inclusion_rate``
    ``--proofs`` (default 10,000) inclusion proofs for random leaves against
    the full tree: generated (``generated_per_s``), then checked with
    ``verify_inclusion`` (``verified_per_s``).
``merkle.consistency_rate``
    ``--consistency`` (default 1,000) consistency proofs between two random
    sizes, generated and then checked with ``verify_consistency``; the roots
    they are checked against are computed beforehand, outside the timing.
``sha256.raw_rate``
    ``hashlib.sha256`` of a 65-byte input (one interior node) in a tight
    loop, ``--hashes`` times (default 1,000,000): the ceiling for the above.
``merkle.vs_sha256``
    Each phase's hash operations per second over the raw rate: how much of
    the time goes to hashing rather than to Python around it.

Each figure is one ``name key=value ...`` line on stdout, rates per second of
wall-clock time (``seconds``) and of this process's CPU time (``cpu_s``). The
last line is a JSON object holding every figure. Progress goes to stderr.
Runs take a few seconds per million leaves::

    .venv/bin/python benchmarks/merkle.py
    .venv/bin/python benchmarks/merkle.py --leaves 10000000 --proofs 100000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import resource
import ssl
import sys
import time
from collections.abc import Callable
from typing import TypeVar

from common import Value, print_figure, progress

from sabt.ledger.merkle import (
    HASH_SIZE,
    MerkleTree,
    verify_consistency,
    verify_inclusion,
)

Figure = dict[str, Value]
T = TypeVar("T")

# "Well under 150 MB for a million leaves", per leaf.
GOAL_BYTES_PER_LEAF = 150.0
SEED = 9162


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    add = parser.add_argument
    add("--leaves", type=int, default=1_000_000, help="leaves to append (N)")
    add("--proofs", type=int, default=10_000, help="inclusion proofs")
    add("--consistency", type=int, default=1_000, help="consistency proofs")
    add("--roots", type=int, default=1_000, help="root() calls at full size")
    add("--hashes", type=int, default=1_000_000, help="raw SHA-256 calls")
    args = parser.parse_args(argv)
    counts = (args.leaves, args.proofs, args.consistency, args.roots, args.hashes)
    if min(counts) < 1:
        parser.error("every count must be positive")
    return args


# --- Measurements ----------------------------------------------------------------


def timed(work: Callable[[], T]) -> tuple[float, float, T]:
    """Run work; return (wall seconds, CPU seconds of this process, its result)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def figure(name: str, **values: Value) -> Figure:
    """Print one figure as ``name key=value ...`` and return it for the summary."""
    print_figure(name, values)
    return {"name": name, **values}


def max_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3  # bytes or KiB


def measure_append(n: int) -> tuple[MerkleTree, Figure, Figure]:
    """Build the tree from n random leaf hashes; time it and weigh it."""
    # One blob, made before the baseline, so the growth is the tree's alone.
    blob = random.Random(SEED).randbytes(n * HASH_SIZE)
    before = max_rss_mb()
    tree = MerkleTree()
    append = tree.append
    progress(f"appending {n} leaves ...")

    def build() -> None:
        for start in range(0, n * HASH_SIZE, HASH_SIZE):
            append(blob[start : start + HASH_SIZE])

    wall, cpu, _ = timed(build)
    growth = max_rss_mb() - before
    if tree.size != n:
        raise SystemExit(f"expected {n} leaves in the tree, found {tree.size}")
    # Every append stores one leaf; a node follows each pair below it.
    nodes = n - n.bit_count()
    rate = figure(
        "merkle.append_rate",
        leaves_per_s=n / wall,
        leaves_per_cpu_s=n / max(cpu, 1e-9),
        n=n,
        node_hashes=nodes,
        seconds=round(wall, 3),
        cpu_s=round(cpu, 3),
    )
    hash_bytes = (n + nodes) * HASH_SIZE
    rss_per_leaf = growth * 1e6 / n
    memory = figure(
        "merkle.memory",
        hash_bytes=hash_bytes,
        hash_bytes_per_leaf=round(hash_bytes / n, 1),
        rss_growth_mb=round(growth, 1),
        rss_bytes_per_leaf=round(rss_per_leaf, 1),
        max_rss_mb=round(max_rss_mb(), 1),
        goal_bytes_per_leaf=GOAL_BYTES_PER_LEAF,
        met=rss_per_leaf < GOAL_BYTES_PER_LEAF,
    )
    return tree, rate, memory


def measure_root(tree: MerkleTree, count: int) -> Figure:
    progress(f"root() x {count} ...")
    root = tree.root

    def loop() -> None:
        for _ in range(count):
            root()

    wall, cpu, _ = timed(loop)
    return figure(
        "merkle.root_rate",
        roots_per_s=count / wall,
        roots_per_cpu_s=count / max(cpu, 1e-9),
        us_per_root=round(wall / count * 1e6, 2),
        n=count,
        size=tree.size,
        node_hashes_each=tree.size.bit_count() - 1,
        seconds=round(wall, 3),
        cpu_s=round(cpu, 3),
    )


def measure_inclusion(tree: MerkleTree, count: int) -> Figure:
    """Generate, then verify, inclusion proofs for random leaves."""
    rng = random.Random(SEED)
    size = tree.size
    indexes = [rng.randrange(size) for _ in range(count)]
    leaves = [tree.leaf(i) for i in indexes]
    root = tree.root()
    progress(f"{count} inclusion proofs ...")
    gen_wall, gen_cpu, proofs = timed(
        lambda: [tree.inclusion_proof(i) for i in indexes]
    )

    def verify_all() -> None:
        for leaf, index, proof in zip(leaves, indexes, proofs, strict=True):
            verify_inclusion(leaf, index, size, proof, root)

    ver_wall, ver_cpu, _ = timed(verify_all)
    return figure(
        "merkle.inclusion_rate",
        generated_per_s=count / gen_wall,
        verified_per_s=count / ver_wall,
        verified_per_cpu_s=count / max(ver_cpu, 1e-9),
        n=count,
        size=size,
        hashes_verified=sum(len(p) for p in proofs),
        generate_seconds=round(gen_wall, 3),
        generate_cpu_s=round(gen_cpu, 3),
        verify_seconds=round(ver_wall, 3),
        verify_cpu_s=round(ver_cpu, 3),
    )


def measure_consistency(tree: MerkleTree, count: int) -> Figure:
    """Generate, then verify, consistency proofs between random sizes."""
    rng = random.Random(SEED + 1)
    pairs = [
        (min(a, b), max(a, b))
        for a, b in (
            (rng.randint(1, tree.size), rng.randint(1, tree.size)) for _ in range(count)
        )
    ]
    roots = {size: tree.root(size) for pair in pairs for size in pair}
    progress(f"{count} consistency proofs ...")
    gen_wall, gen_cpu, proofs = timed(
        lambda: [tree.consistency_proof(old, new) for old, new in pairs]
    )

    def verify_all() -> None:
        for (old, new), proof in zip(pairs, proofs, strict=True):
            verify_consistency(old, new, roots[old], roots[new], proof)

    ver_wall, ver_cpu, _ = timed(verify_all)
    return figure(
        "merkle.consistency_rate",
        generated_per_s=count / gen_wall,
        verified_per_s=count / ver_wall,
        verified_per_cpu_s=count / max(ver_cpu, 1e-9),
        n=count,
        max_size=tree.size,
        mean_proof_hashes=round(sum(len(p) for p in proofs) / count, 1),
        generate_seconds=round(gen_wall, 3),
        generate_cpu_s=round(gen_cpu, 3),
        verify_seconds=round(ver_wall, 3),
        verify_cpu_s=round(ver_cpu, 3),
    )


def measure_raw_sha256(count: int) -> Figure:
    """Time hashlib.sha256 of one 65-byte input (0x01 || two hashes)."""
    data = b"\x01" + os.urandom(2 * HASH_SIZE)
    sha256 = hashlib.sha256
    progress(f"raw SHA-256 x {count} ...")

    def loop() -> None:
        for _ in range(count):
            sha256(data).digest()

    wall, cpu, _ = timed(loop)
    return figure(
        "sha256.raw_rate",
        hashes_per_s=count / wall,
        hashes_per_cpu_s=count / max(cpu, 1e-9),
        input_bytes=len(data),
        n=count,
        seconds=round(wall, 3),
        cpu_s=round(cpu, 3),
    )


def comparison_figure(
    append: Figure, inclusion: Figure, consistency: Figure, raw: Figure
) -> Figure:
    """Hash operations per second in each phase, over the raw SHA-256 rate."""
    ceiling = float(raw["hashes_per_s"])
    per_leaf = float(append["node_hashes"]) / float(append["n"])
    append_hashes = float(append["leaves_per_s"]) * per_leaf
    per_proof = float(inclusion["hashes_verified"]) / float(inclusion["n"])
    inclusion_hashes = float(inclusion["verified_per_s"]) * per_proof
    # A consistency check hashes each proof element into one or two roots;
    # count one per element, a lower bound.
    consistency_hashes = float(consistency["verified_per_s"]) * float(
        consistency["mean_proof_hashes"]
    )
    return figure(
        "merkle.vs_sha256",
        append=round(append_hashes / ceiling, 3),
        inclusion_verify=round(inclusion_hashes / ceiling, 3),
        consistency_verify_at_least=round(consistency_hashes / ceiling, 3),
    )


# --- Running ---------------------------------------------------------------------


def environment_info() -> dict[str, Value]:
    return {
        "python": platform.python_version(),
        "openssl": ssl.OPENSSL_VERSION,
        "cpus": os.cpu_count() or 0,
        "machine": platform.machine(),
    }


def run(args: argparse.Namespace) -> list[Figure]:
    """Run every measurement in order and return the figures."""
    tree, append, memory = measure_append(args.leaves)
    root = measure_root(tree, args.roots)
    inclusion = measure_inclusion(tree, args.proofs)
    consistency = measure_consistency(tree, args.consistency)
    raw = measure_raw_sha256(args.hashes)
    versus = comparison_figure(append, inclusion, consistency, raw)
    return [append, memory, root, inclusion, consistency, raw, versus]


def summary(figures: list[Figure], info: dict[str, Value]) -> str:
    """Return the closing JSON line: environment, every figure, goals met."""
    by_name = {f["name"]: f for f in figures}
    goals = {"memory_per_leaf": by_name["merkle.memory"]["met"]}
    return json.dumps(
        {"benchmark": "merkle", **info, "figures": figures, "goals_met": goals}
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    info = environment_info()
    print(summary(run(args), info), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
