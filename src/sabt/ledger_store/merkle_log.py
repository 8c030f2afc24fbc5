"""The log as a Merkle tree: signed checkpoints and the proofs built on them.

Every event is a leaf, in log-index order (``ledger.merkle``). The node signs
checkpoints of the tree in the C2SP format; a checkpoint handed out earlier
lets anyone ask later whether the log only grew since (a consistency proof),
and an exported event carries its inclusion proof against one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from sabt.ledger import public_key_hex
from sabt.ledger.checkpoint import (
    Checkpoint,
    CheckpointError,
    sign_checkpoint,
    verifier_key_line,
    verify_checkpoint,
)
from sabt.ledger.merkle import (
    MerkleTree,
    ProofError,
    event_leaf_hash,
    verify_consistency,
)
from sabt.ledger_store.models import Checkpoint as IssuedCheckpoint
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.node import node_key


def log_origin() -> str:
    """Name this node's log: a checkpoint from another node never passes for ours."""
    return f"sabt.node/{public_key_hex(node_key())[:16]}"


def verifier_key() -> str:
    """The node's public key as a C2SP verifier key line, for bundles and notes."""
    return verifier_key_line(log_origin(), node_key().verify_key)


def log_tree() -> MerkleTree:
    """Build the tree of every event in the log, in log-index order."""
    tree = MerkleTree()
    ids = LedgerEvent.objects.order_by("log_index").values_list("event_id", flat=True)
    for event_id in ids.iterator(chunk_size=10_000):
        tree.append(event_leaf_hash(event_id))
    return tree


@dataclass(frozen=True)
class SignedCheckpoint:
    checkpoint: Checkpoint
    note: str


def issue_checkpoint(tree: MerkleTree | None = None) -> SignedCheckpoint:
    """Sign a checkpoint of the log as it stands now, and keep it."""
    with transaction.atomic():
        tree = tree or log_tree()
        checkpoint = Checkpoint(log_origin(), tree.size, tree.root())
        note = sign_checkpoint(node_key(), log_origin(), checkpoint)
        IssuedCheckpoint.objects.update_or_create(
            size=checkpoint.size,
            defaults={"root": checkpoint.root.hex(), "note": note},
        )
        # Only once the log it signs has committed: a rolled-back export
        # must not leave a checkpoint of events that never landed.
        transaction.on_commit(lambda: _keep_copy(checkpoint.size, note))
    return SignedCheckpoint(checkpoint, note)


def checkpoint_copy_path() -> Path:
    return Path(settings.SABT_CHECKPOINT_COPY)


def _keep_copy(size: int, note: str) -> None:
    """Keep the largest checkpoint issued as a file beside the node key."""
    path = checkpoint_copy_path()
    if _copy_size(path) > size:
        return
    partial = path.with_suffix(".partial")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial.write_text(note, encoding="utf-8")
        os.chmod(partial, 0o600)
        partial.replace(path)
    except OSError as exc:  # say which file: a full disk names none
        partial.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from exc


def _copy_size(path: Path) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        return int(lines[1])
    except (OSError, IndexError, ValueError):
        return -1


def checkpoint_problems() -> list[str]:
    """Check the log against the largest checkpoint the node stored.

    Both the database's latest row and the copy outside it are checked, so
    deleting rows at the tail, renumbering or reordering events shows even
    when no outside checkpoint is at hand. Returns one line per failure.
    """
    notes: list[tuple[str, str]] = []
    latest = IssuedCheckpoint.objects.order_by("-size").first()
    if latest is not None:
        notes.append(("the latest stored checkpoint", latest.note))
    path = checkpoint_copy_path()
    if path.exists():
        try:
            notes.append((f"the checkpoint copy {path}", path.read_text("utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            return [f"the checkpoint copy {path} cannot be read: {exc}"]
    problems = []
    for where, note in notes:
        try:
            result = check_consistency(note)
        except CheckpointError as exc:
            problems.append(f"{where} does not verify: {exc}")
            continue
        if not result.consistent:
            problems.append(f"{where} (size {result.old_size}): {result.message}")
    return problems


@dataclass(frozen=True)
class Consistency:
    """The outcome of checking the log against an earlier checkpoint."""

    consistent: bool
    old_size: int
    new_size: int
    proof: list[bytes]
    message: str


def check_consistency(note: str) -> Consistency:
    """Check that the log today extends the one ``note`` (a checkpoint) signed.

    The note must carry this node's signature. Raises CheckpointError if it
    does not, or if it is malformed.
    """
    old = verify_checkpoint(note, log_origin(), node_key().verify_key)
    if old.origin != log_origin():
        raise CheckpointError(f"the checkpoint is for log {old.origin}, not this one")
    tree = log_tree()
    if old.size > tree.size:
        return Consistency(
            False,
            old.size,
            tree.size,
            [],
            f"the log has only {tree.size} of the {old.size} events the "
            "checkpoint signed: events were removed",
        )
    proof = tree.consistency_proof(old.size, tree.size)
    try:
        verify_consistency(old.size, tree.size, old.root, tree.root(), proof)
    except ProofError as exc:
        return Consistency(
            False,
            old.size,
            tree.size,
            proof,
            f"history was rewritten: the first {old.size} events no longer hash "
            f"to the root the checkpoint signed ({exc})",
        )
    return Consistency(
        True,
        old.size,
        tree.size,
        proof,
        f"consistent: the log grew from {old.size} to {tree.size} events "
        "without changing any earlier one",
    )
