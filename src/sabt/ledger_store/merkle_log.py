"""The log as a Merkle tree: signed checkpoints and the proofs built on them.

Every event is a leaf, in log-index order (``ledger.merkle``). The node signs
checkpoints of the tree in the C2SP format; a checkpoint handed out earlier
lets anyone ask later whether the log only grew since (a consistency proof),
and an exported event carries its inclusion proof against one.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    return SignedCheckpoint(checkpoint, note)


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
