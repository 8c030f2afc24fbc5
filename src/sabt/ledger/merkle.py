"""The log's Merkle tree and its proofs, as RFC 9162 (CT v2) defines them.

Leaves hash as ``SHA-256(0x00 || data)`` and interior nodes as
``SHA-256(0x01 || left || right)`` (RFC 9162 section 2.1.1), so a proof made
here checks with any Certificate Transparency or C2SP tlog verifier. A ledger
event's leaf data is the 32 raw bytes of its id: see ``event_leaf_hash``.

This module imports only the standard library, because the stand-alone
verifier carries a copy of it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
# MTH({}) = SHA-256 of the empty string (RFC 9162 section 2.1.1).
EMPTY_ROOT = hashlib.sha256(b"").digest()

_EVENT_ID = re.compile(r"[0-9a-f]{64}")


class ProofError(ValueError):
    """A Merkle proof, root or tree size does not check out; says which."""


def leaf_hash(data: bytes) -> bytes:
    """Return the RFC 9162 leaf hash ``SHA-256(0x00 || data)``."""
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return the RFC 9162 interior hash ``SHA-256(0x01 || left || right)``."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def event_leaf_hash(event_id_hex: str) -> bytes:
    """Return the leaf hash of a ledger event, ``leaf_hash(bytes.fromhex(id))``.

    The leaf data is the 32-byte SHA-256 digest the id spells in hex: not the
    hex text, not the event's JSON. The id already commits to the whole
    signed payload, so anyone holding the ids can rebuild the tree, and every
    leaf is the same size.

    Raises ValueError unless the id is 64 lowercase hex digits.
    """
    if not _EVENT_ID.fullmatch(event_id_hex):
        raise ValueError("an event id must be 64 lowercase hex digits")
    return leaf_hash(bytes.fromhex(event_id_hex))


class MerkleTree:
    """An append-only RFC 9162 Merkle tree, held in memory.

    ``_levels[k]`` holds the hashes of the perfect subtrees of 2**k leaves,
    left to right, as one bytearray of 32-byte hashes: level 0 is the leaf
    hashes, and a node is stored as soon as both its halves are. That is
    about 64 bytes per leaf with no object per hash, and it holds every
    perfect subtree that the RFC's recursion asks for, so a root at any size
    or any proof costs O(log n) hashes.

    Methods raise ValueError for sizes or indexes the tree does not have.
    """

    __slots__ = ("_levels", "_size")

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self._levels: list[bytearray] = [bytearray()]
        self._size = 0
        self.extend(leaf_hashes)

    @property
    def size(self) -> int:
        """The number of leaves appended so far."""
        return self._size

    def append(self, leaf_hash: bytes) -> int:
        """Add one leaf hash; return its index. Amortised O(1) hashes."""
        if len(leaf_hash) != HASH_SIZE:
            raise ValueError(_wrong_length("leaf hash", leaf_hash))
        index = self._size
        levels = self._levels
        levels[0] += leaf_hash
        self._size = count = index + 1
        level = 0
        # Each trailing zero bit of the new size completes a perfect subtree
        # one level up: hash the last two entries of this level into it.
        while not count & 1:
            node = hashlib.sha256(NODE_PREFIX + levels[level][-64:]).digest()
            level += 1
            if level == len(levels):
                levels.append(bytearray())
            levels[level] += node
            count >>= 1
        return index

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append each leaf hash in order."""
        for one in leaf_hashes:
            self.append(one)

    def leaf(self, index: int) -> bytes:
        """Return the leaf hash at ``index``."""
        _check_index(index, self._size)
        return self._stored(0, index)

    def root(self, size: int | None = None) -> bytes:
        """Return MTH of the first ``size`` leaves (default: all of them).

        RFC 9162 section 2.1.1; the empty tree's root is SHA-256 of nothing.
        """
        size = self._checked_size(size)
        if size == 0:
            return EMPTY_ROOT
        return self._subtree_hash(0, size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Return PATH(index, D[0:size]), leaf end first (RFC 9162 2.1.3.1)."""
        size = self._checked_size(size)
        _check_index(index, size)
        proof: list[bytes] = []
        lo, hi = 0, size
        while hi - lo > 1:
            mid = lo + _split(hi - lo)
            if index < mid:
                proof.append(self._subtree_hash(mid, hi))
                hi = mid
            else:
                proof.append(self._subtree_hash(lo, mid))
                lo = mid
        proof.reverse()
        return proof

    def consistency_proof(
        self, old_size: int, new_size: int | None = None
    ) -> list[bytes]:
        """Return PROOF(old_size, D[0:new_size]) (RFC 9162 section 2.1.4.1).

        The RFC defines it for 0 < old_size < new_size; for an empty old tree
        or equal sizes the proof is empty, as verifiers expect.
        """
        new_size = self._checked_size(new_size)
        if old_size < 0:
            raise ValueError(f"old size {old_size} is negative")
        if old_size > new_size:
            raise ValueError(f"old size {old_size} is greater than new size {new_size}")
        if old_size in (0, new_size):
            return []
        proof: list[bytes] = []
        # SUBPROOF(m, D[lo:hi], b), unrolled: m counts old leaves from lo, and
        # b says whether D[lo:lo+m] is still the whole old tree, whose root
        # the verifier already holds.
        m, lo, hi, is_whole_old_tree = old_size, 0, new_size, True
        while m != hi - lo:
            k = _split(hi - lo)
            if m <= k:
                proof.append(self._subtree_hash(lo + k, hi))
                hi = lo + k
            else:
                proof.append(self._subtree_hash(lo, lo + k))
                m, lo, is_whole_old_tree = m - k, lo + k, False
        if not is_whole_old_tree:
            proof.append(self._subtree_hash(lo, hi))
        proof.reverse()
        return proof

    def _checked_size(self, size: int | None) -> int:
        if size is None:
            return self._size
        if size < 0:
            raise ValueError(f"tree size {size} is negative")
        if size > self._size:
            have = self._size
            raise ValueError(f"tree size {size} is beyond the {have} leaves appended")
        return size

    def _stored(self, level: int, index: int) -> bytes:
        start = index * HASH_SIZE
        return bytes(self._levels[level][start : start + HASH_SIZE])

    def _subtree_hash(self, lo: int, hi: int) -> bytes:
        """Return MTH(D[lo:hi]) for a range the RFC's recursion reaches.

        There ``lo`` is a multiple of every power of two up to ``hi - lo``, so
        the range splits into stored perfect subtrees, largest first; folding
        them from the right is the recursion itself.
        """
        parts: list[bytes] = []
        while lo < hi:
            level = (hi - lo).bit_length() - 1
            parts.append(self._stored(level, lo >> level))
            lo += 1 << level
        result = parts.pop()
        while parts:
            result = node_hash(parts.pop(), result)
        return result


def root_from_inclusion_proof(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes]
) -> bytes:
    """Return the root that ``proof`` leads to from a leaf at ``index``.

    Steps 1 to 4 of RFC 9162 section 2.1.3.2, plus the check of step 5 that
    the proof was neither too long nor too short. Raises ProofError.
    """
    _check_hash(leaf_hash, "leaf hash")
    _check_proof_hashes(proof)
    if index < 0:
        raise ProofError(f"index {index} is negative")
    if index >= size:
        raise ProofError(f"index {index} is not below tree size {size}")
    fn, sn = index, size - 1
    r = leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError(_wrong_count(proof, _inclusion_length(index, size)))
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError(_wrong_count(proof, _inclusion_length(index, size)))
    return r


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that the leaf is at ``index`` in the tree of ``size`` with ``root``.

    Follows RFC 9162 section 2.1.3.2. Raises ProofError naming what is wrong.
    """
    _check_hash(root, "root")
    computed = root_from_inclusion_proof(leaf_hash, index, size, proof)
    _check_match(computed, root, "root")


def verify_consistency(
    old_size: int,
    new_size: int,
    old_root: bytes,
    new_root: bytes,
    proof: Sequence[bytes],
) -> None:
    """Check that the tree with ``new_root`` extends the one with ``old_root``.

    Follows RFC 9162 section 2.1.4.2, which covers 0 < old_size < new_size.
    Equal sizes need an empty proof and equal roots; an empty old tree needs
    an empty proof and the empty tree's root, and every tree extends it.
    Raises ProofError naming what is wrong.
    """
    _check_hash(old_root, "old root")
    _check_hash(new_root, "new root")
    _check_proof_hashes(proof)
    if old_size < 0:
        raise ProofError(f"old size {old_size} is negative")
    if old_size > new_size:
        raise ProofError(f"old size {old_size} is greater than new size {new_size}")
    if old_size in (0, new_size):
        if proof:
            raise ProofError(_wrong_count(proof, 0))
        if old_size == 0 and old_root != EMPTY_ROOT:
            got, empty = _short(old_root), _short(EMPTY_ROOT)
            raise ProofError(f"old root {got} is not the empty tree's root {empty}")
        if old_size == new_size and new_root != old_root:
            old, new = _short(old_root), _short(new_root)
            raise ProofError(
                f"old root {old} and new root {new} differ at the same size"
            )
        return
    _check_consistency_path(old_size, new_size, old_root, new_root, proof)


def _check_consistency_path(
    old_size: int,
    new_size: int,
    old_root: bytes,
    new_root: bytes,
    proof: Sequence[bytes],
) -> None:
    """RFC 9162 section 2.1.4.2 steps 1 to 7, for 0 < old_size < new_size."""
    expected = _consistency_length(old_size, new_size)
    if not proof:
        raise ProofError(_wrong_count(proof, expected))
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        # The old tree is a perfect subtree of the new one, so the proof
        # leaves out its root: the verifier has it.
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError(_wrong_count(proof, expected))
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError(_wrong_count(proof, expected))
    _check_match(fr, old_root, "old root")
    _check_match(sr, new_root, "new root")


def _split(n: int) -> int:
    """Return the largest power of two below ``n`` (n >= 2), RFC 9162's k."""
    return 1 << ((n - 1).bit_length() - 1)


def _inclusion_length(index: int, size: int) -> int:
    """Return the length of PATH(index, D[0:size]), for messages.

    Below the level where the paths to ``index`` and to the last leaf part,
    every level gives one hash; above it, each left sibling on the way up
    gives one.
    """
    inner = (index ^ (size - 1)).bit_length()
    return inner + (index >> inner).bit_count()


def _consistency_length(old_size: int, new_size: int) -> int:
    """Return the length of PROOF(old_size, D[0:new_size]), 0 < old < new.

    The proof is an inclusion path, in the tree of subtrees of 2**level
    leaves, for the last such subtree inside the old tree, plus that
    subtree's own hash unless the old tree is a single perfect subtree.
    """
    level = (old_size & -old_size).bit_length() - 1
    index = (old_size - 1) >> level
    length = _inclusion_length(index, ((new_size - 1) >> level) + 1)
    return length + (1 if index else 0)


def _check_index(index: int, size: int) -> None:
    if index < 0:
        raise ValueError(f"index {index} is negative")
    if index >= size:
        raise ValueError(f"index {index} is not below tree size {size}")


def _check_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError(_wrong_length(what, value))


def _check_proof_hashes(proof: Sequence[bytes]) -> None:
    for n, value in enumerate(proof):
        _check_hash(value, f"proof[{n}]")


def _check_match(computed: bytes, expected: bytes, what: str) -> None:
    if computed != expected:
        got, want = _short(computed), _short(expected)
        raise ProofError(
            f"computed {what} {got} does not match the expected {what} {want}"
        )


def _wrong_length(what: str, value: bytes) -> str:
    length = len(value)
    return f"{what} is {length} bytes, expected {HASH_SIZE}"


def _wrong_count(proof: Sequence[bytes], expected: int) -> str:
    count = len(proof)
    noun = "hash" if count == 1 else "hashes"
    return f"proof has {count} {noun}, expected {expected}"


def _short(digest: bytes) -> str:
    """Return the first 8 bytes in hex: enough to tell two hashes apart."""
    head = digest[:8].hex()
    return f"{head}..."
