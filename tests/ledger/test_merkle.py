"""Tests for sabt.ledger.merkle: the RFC 9162 tree, its proofs and verifiers.

The shared RFC 6962 vectors (the CCTV set, origin in their README) come
first; then a naive recursive MTH, PATH and PROOF written straight from
RFC 9162 section 2.1, and Hypothesis properties over trees up to 300 leaves.
"""

from __future__ import annotations

import base64
import hashlib
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sabt.ledger.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    ProofError,
    event_leaf_hash,
    leaf_hash,
    node_hash,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

# CI checks out ``shared`` beside the repository.
VECTORS = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "testvectors"
    / "merkle-rfc6962"
)


def _load(name: str) -> list[dict[str, Any]]:
    """Return one vector file: a JSON list of cases, hashes in base64.

    ``merkle_tree.json`` cases hold ``leaf_data``, ``leaf_hash`` and the
    ``root_hash`` after that leaf; ``inclusion-*.json`` hold ``leaf_hash``,
    ``leaf_index``, ``tree_size``, ``root_hash`` and ``inclusion_path``;
    ``consistency-*.json`` hold ``old_size``, ``new_size``, ``old_root``,
    ``new_root`` and ``consistency_path``. Invalid cases add a ``comment``.
    """
    cases: list[dict[str, Any]] = json.loads((VECTORS / name).read_text())
    return cases


def _b64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def _b64s(texts: list[str]) -> list[bytes]:
    return [_b64(t) for t in texts]


def _inclusion_id(case: dict[str, Any]) -> str:
    index, size = case["leaf_index"], case["tree_size"]
    return f"leaf {index} of {size}"


def _consistency_id(case: dict[str, Any]) -> str:
    old, new, length = case["old_size"], case["new_size"], len(case["consistency_path"])
    return f"{old} to {new} with {length} hashes"


TREE_CASES = _load("merkle_tree.json")
INCLUSION_VALID = _load("inclusion-valid.json")
INCLUSION_INVALID = _load("inclusion-invalid.json")
CONSISTENCY_VALID = _load("consistency-valid.json")
CONSISTENCY_INVALID = _load("consistency-invalid.json")


def _vector_tree() -> MerkleTree:
    """The 16-leaf tree of ``merkle_tree.json``, leaves ``a``, ``b``, ...

    The inclusion and consistency vectors give only the proved leaf's hash
    and the roots, not every leaf, but their roots are this tree's roots at
    their sizes (checked below), so it regenerates every valid proof.
    """
    return MerkleTree(leaf_hash(case["leaf_data"].encode()) for case in TREE_CASES)


# --- The shared vectors ------------------------------------------------------


def test_vector_leaves_and_roots_match_after_each_append() -> None:
    tree = MerkleTree()
    for size, case in enumerate(TREE_CASES, start=1):
        assert tree.append(leaf_hash(case["leaf_data"].encode())) == size - 1
        assert tree.leaf(size - 1) == _b64(case["leaf_hash"])
        assert tree.root() == _b64(case["root_hash"])


@pytest.mark.parametrize("case", INCLUSION_VALID, ids=_inclusion_id)
def test_accepts_valid_inclusion_vector(case: dict[str, Any]) -> None:
    verify_inclusion(
        _b64(case["leaf_hash"]),
        case["leaf_index"],
        case["tree_size"],
        _b64s(case["inclusion_path"]),
        _b64(case["root_hash"]),
    )


@pytest.mark.parametrize("case", INCLUSION_INVALID, ids=_inclusion_id)
def test_rejects_invalid_inclusion_vector(case: dict[str, Any]) -> None:
    with pytest.raises(ProofError):
        verify_inclusion(
            _b64(case["leaf_hash"]),
            case["leaf_index"],
            case["tree_size"],
            _b64s(case["inclusion_path"]),
            _b64(case["root_hash"]),
        )


@pytest.mark.parametrize("case", CONSISTENCY_VALID, ids=_consistency_id)
def test_accepts_valid_consistency_vector(case: dict[str, Any]) -> None:
    verify_consistency(
        case["old_size"],
        case["new_size"],
        _b64(case["old_root"]),
        _b64(case["new_root"]),
        _b64s(case["consistency_path"]),
    )


@pytest.mark.parametrize("case", CONSISTENCY_INVALID, ids=_consistency_id)
def test_rejects_invalid_consistency_vector(case: dict[str, Any]) -> None:
    with pytest.raises(ProofError):
        verify_consistency(
            case["old_size"],
            case["new_size"],
            _b64(case["old_root"]),
            _b64(case["new_root"]),
            _b64s(case["consistency_path"]),
        )


@pytest.mark.parametrize("case", INCLUSION_VALID, ids=_inclusion_id)
def test_generates_the_valid_inclusion_vector(case: dict[str, Any]) -> None:
    tree = _vector_tree()
    index, size = case["leaf_index"], case["tree_size"]
    assert tree.leaf(index) == _b64(case["leaf_hash"])
    assert tree.root(size) == _b64(case["root_hash"])
    assert tree.inclusion_proof(index, size) == _b64s(case["inclusion_path"])


@pytest.mark.parametrize("case", CONSISTENCY_VALID, ids=_consistency_id)
def test_generates_the_valid_consistency_vector(case: dict[str, Any]) -> None:
    tree = _vector_tree()
    old, new = case["old_size"], case["new_size"]
    assert tree.root(old) == _b64(case["old_root"])
    assert tree.root(new) == _b64(case["new_root"])
    assert tree.consistency_proof(old, new) == _b64s(case["consistency_path"])


# --- RFC 9162 section 2.1, written naively -----------------------------------


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _k(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def _mth(d: list[bytes]) -> bytes:
    if not d:
        return _sha256(b"")
    if len(d) == 1:
        return _sha256(b"\x00" + d[0])
    k = _k(len(d))
    return _sha256(b"\x01" + _mth(d[:k]) + _mth(d[k:]))


def _path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = _k(len(d))
    if m < k:
        return [*_path(m, d[:k]), _mth(d[k:])]
    return [*_path(m - k, d[k:]), _mth(d[:k])]


def _subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    if m == len(d):
        return [] if b else [_mth(d)]
    k = _k(len(d))
    if m <= k:
        return [*_subproof(m, d[:k], b), _mth(d[k:])]
    return [*_subproof(m - k, d[k:], False), _mth(d[:k])]


def _data(n: int) -> list[bytes]:
    return [f"event {i}".encode() for i in range(n)]


def _tree(n: int) -> MerkleTree:
    return MerkleTree(leaf_hash(d) for d in _data(n))


def test_empty_tree_root_is_sha256_of_nothing() -> None:
    empty = bytes.fromhex(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
    assert MerkleTree().root() == EMPTY_ROOT == empty
    assert _tree(5).root(0) == empty


def test_roots_equal_naive_mth_at_every_small_size() -> None:
    data = _data(70)
    tree = _tree(70)
    for size in range(71):
        assert tree.root(size) == _mth(data[:size])


def test_proofs_equal_naive_path_and_proof_at_every_small_size() -> None:
    data = _data(40)
    tree = _tree(40)
    for n in range(1, 41):
        for m in range(n):
            assert tree.inclusion_proof(m, n) == _path(m, data[:n])
        for m in range(1, n):
            assert tree.consistency_proof(m, n) == _subproof(m, data[:n], True)


def test_hashes_are_domain_separated() -> None:
    left, right = _sha256(b"l"), _sha256(b"r")
    assert leaf_hash(b"x") == _sha256(b"\x00x")
    assert node_hash(left, right) == _sha256(b"\x01" + left + right)


def test_event_leaf_is_the_raw_id_digest() -> None:
    event_id = _sha256(b"payload").hex()
    assert event_leaf_hash(event_id) == _sha256(b"\x00" + bytes.fromhex(event_id))


@pytest.mark.parametrize("bad", ["ab" * 31, "AB" * 32, "zz" * 32, ""])
def test_event_leaf_rejects_what_is_not_an_event_id(bad: str) -> None:
    with pytest.raises(ValueError, match="64 lowercase hex digits"):
        event_leaf_hash(bad)


def test_extend_appends_in_order() -> None:
    hashes = [leaf_hash(d) for d in _data(9)]
    tree = MerkleTree(hashes[:4])
    tree.extend(hashes[4:])
    assert tree.size == 9
    assert [tree.leaf(i) for i in range(9)] == hashes
    assert tree.root() == _mth(_data(9))


def test_holds_about_64_bytes_per_leaf() -> None:
    """Level arrays, not a bytes object per hash: 2**16 leaves in ~4.5 MB."""
    hashes = [leaf_hash(d) for d in _data(1 << 16)]
    tracemalloc.start()
    try:
        tree = MerkleTree(hashes)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert tree.size == 1 << 16
    assert held / tree.size < 80


# --- Properties --------------------------------------------------------------

SIZES = st.integers(min_value=1, max_value=300)


@st.composite
def _tree_and_view(draw: st.DrawFn) -> tuple[MerkleTree, int]:
    """A tree and a size no larger than it, so earlier sizes get tested too."""
    tree = _tree(draw(SIZES))
    return tree, draw(st.integers(min_value=0, max_value=tree.size))


@settings(max_examples=60, deadline=None)
@given(_tree_and_view())
def test_every_generated_proof_verifies(tree_and_view: tuple[MerkleTree, int]) -> None:
    tree, size = tree_and_view
    root = tree.root(size)
    for index in range(size):
        proof = tree.inclusion_proof(index, size)
        verify_inclusion(tree.leaf(index), index, size, proof, root)
    for old in range(size + 1):
        proof = tree.consistency_proof(old, size)
        verify_consistency(old, size, tree.root(old), root, proof)


def _flip(values: list[bytes], position: int, mask: int) -> list[bytes]:
    """Return ``values`` with byte ``position`` of their concatenation XORed."""
    joined = bytearray(b"".join(values))
    joined[position] ^= mask
    return [bytes(joined[i : i + 32]) for i in range(0, len(joined), 32)]


@settings(max_examples=200, deadline=None)
@given(SIZES, st.data())
def test_flipping_any_byte_breaks_an_inclusion_proof(
    size: int, data: st.DataObject
) -> None:
    tree = _tree(size)
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    values = [tree.leaf(index), tree.root(), *tree.inclusion_proof(index)]
    position = data.draw(st.integers(min_value=0, max_value=len(values) * 32 - 1))
    mask = data.draw(st.integers(min_value=1, max_value=255))
    leaf, root, *proof = _flip(values, position, mask)
    with pytest.raises(ProofError, match="does not match the expected root"):
        verify_inclusion(leaf, index, size, proof, root)


@settings(max_examples=200, deadline=None)
@given(SIZES, st.data())
def test_flipping_any_byte_breaks_a_consistency_proof(
    size: int, data: st.DataObject
) -> None:
    tree = _tree(size)
    old = data.draw(st.integers(min_value=0, max_value=size))
    values = [tree.root(old), tree.root(), *tree.consistency_proof(old)]
    # Every tree extends the empty one: from size 0 only the old root counts.
    end = 32 if old == 0 else len(values) * 32
    position = data.draw(st.integers(min_value=0, max_value=end - 1))
    mask = data.draw(st.integers(min_value=1, max_value=255))
    old_root, new_root, *proof = _flip(values, position, mask)
    with pytest.raises(ProofError):
        verify_consistency(old, size, old_root, new_root, proof)


def _wrong_count(proof: list[bytes], expected: list[bytes]) -> str:
    count, noun = len(proof), "hash" if len(proof) == 1 else "hashes"
    return f"^proof has {count} {noun}, expected {len(expected)}$"


def _one_more_and_one_fewer(proof: list[bytes]) -> list[list[bytes]]:
    return [[*proof, EMPTY_ROOT], *([proof[:-1]] if proof else [])]


@settings(max_examples=100, deadline=None)
@given(SIZES, st.data())
def test_inclusion_names_a_hash_too_many_or_too_few(
    size: int, data: st.DataObject
) -> None:
    tree = _tree(size)
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    proof = tree.inclusion_proof(index)
    for wrong in _one_more_and_one_fewer(proof):
        with pytest.raises(ProofError, match=_wrong_count(wrong, proof)):
            verify_inclusion(tree.leaf(index), index, size, wrong, tree.root())


@settings(max_examples=100, deadline=None)
@given(SIZES, st.data())
def test_consistency_names_a_hash_too_many_or_too_few(
    size: int, data: st.DataObject
) -> None:
    tree = _tree(size)
    old = data.draw(st.integers(min_value=0, max_value=size))
    proof = tree.consistency_proof(old)
    for wrong in _one_more_and_one_fewer(proof):
        with pytest.raises(ProofError, match=_wrong_count(wrong, proof)):
            verify_consistency(old, size, tree.root(old), tree.root(), wrong)


# --- Messages ----------------------------------------------------------------

TREE = _tree(10)
ROOT = TREE.root()


def test_inclusion_names_an_index_beyond_the_tree() -> None:
    with pytest.raises(ProofError, match=r"^index 7 is not below tree size 5$"):
        verify_inclusion(TREE.leaf(7), 7, 5, [], ROOT)


def test_inclusion_names_a_wrong_number_of_hashes() -> None:
    proof = TREE.inclusion_proof(3)
    with pytest.raises(ProofError, match=r"^proof has 3 hashes, expected 4$"):
        verify_inclusion(TREE.leaf(3), 3, 10, proof[:3], ROOT)


def test_inclusion_names_both_roots_when_they_differ() -> None:
    got = TREE.root(9)[:8].hex()
    want = ROOT[:8].hex()
    message = rf"^computed root {got}\.\.\. does not match the expected root {want}"
    with pytest.raises(ProofError, match=message):
        verify_inclusion(TREE.leaf(3), 3, 9, TREE.inclusion_proof(3, 9), ROOT)


def test_root_from_inclusion_proof_gives_the_root() -> None:
    assert (
        root_from_inclusion_proof(TREE.leaf(6), 6, 10, TREE.inclusion_proof(6)) == ROOT
    )


@pytest.mark.parametrize(
    ("leaf", "proof", "root", "message"),
    [
        (b"\x00" * 31, [], ROOT, r"^leaf hash is 31 bytes, expected 32$"),
        (TREE.leaf(0), [b"\x00" * 33], ROOT, r"^proof\[0\] is 33 bytes, expected 32$"),
        (TREE.leaf(0), [], b"", r"^root is 0 bytes, expected 32$"),
    ],
)
def test_inclusion_names_a_hash_of_the_wrong_length(
    leaf: bytes, proof: list[bytes], root: bytes, message: str
) -> None:
    with pytest.raises(ProofError, match=message):
        verify_inclusion(leaf, 0, 1, proof, root)


def test_inclusion_names_a_negative_index() -> None:
    with pytest.raises(ProofError, match=r"^index -1 is negative$"):
        verify_inclusion(TREE.leaf(0), -1, 10, [], ROOT)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (-1, 10, "^old size -1 is negative$"),
        (11, 10, "^old size 11 is greater than new size 10$"),
    ],
)
def test_consistency_names_impossible_sizes(old: int, new: int, message: str) -> None:
    with pytest.raises(ProofError, match=message):
        verify_consistency(old, new, ROOT, ROOT, [])


def test_consistency_names_the_old_root_that_does_not_match() -> None:
    proof = TREE.consistency_proof(6)
    got, want = TREE.root(6)[:8].hex(), TREE.root(7)[:8].hex()
    message = (
        rf"^computed old root {got}\.\.\. does not match the expected old root {want}"
    )
    with pytest.raises(ProofError, match=message):
        verify_consistency(6, 10, TREE.root(7), ROOT, proof)


def test_consistency_wants_the_empty_root_for_an_empty_old_tree() -> None:
    with pytest.raises(
        ProofError, match="is not the empty tree's root e3b0c44298fc1c14"
    ):
        verify_consistency(0, 10, TREE.root(1), ROOT, [])


def test_consistency_wants_no_proof_between_equal_sizes() -> None:
    with pytest.raises(ProofError, match=r"^proof has 1 hash, expected 0$"):
        verify_consistency(10, 10, ROOT, ROOT, [ROOT])


def test_consistency_wants_equal_roots_at_equal_sizes() -> None:
    with pytest.raises(ProofError, match=r"differ at the same size$"):
        verify_consistency(10, 10, ROOT, TREE.root(9), [])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda t: t.root(11), "^tree size 11 is beyond the 10 leaves appended$"),
        (lambda t: t.root(-1), "^tree size -1 is negative$"),
        (lambda t: t.leaf(10), "^index 10 is not below tree size 10$"),
        (lambda t: t.inclusion_proof(5, 5), "^index 5 is not below tree size 5$"),
        (lambda t: t.inclusion_proof(-1), "^index -1 is negative$"),
        (
            lambda t: t.consistency_proof(6, 5),
            "^old size 6 is greater than new size 5$",
        ),
        (lambda t: t.consistency_proof(-1), "^old size -1 is negative$"),
        (lambda t: t.append(b"short"), "^leaf hash is 5 bytes, expected 32$"),
    ],
)
def test_tree_refuses_what_it_does_not_hold(
    call: Callable[[MerkleTree], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call(_tree(10))
