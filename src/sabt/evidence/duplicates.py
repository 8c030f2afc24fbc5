"""Finding other files that show the same picture, re-encoded or resized."""

from __future__ import annotations

from django.db.models import QuerySet

from sabt.evidence.models import EvidenceFile
from sabt.evidence.similarity import are_near_duplicates, hash_distance


def near_duplicates(
    file: EvidenceFile, among: QuerySet[EvidenceFile]
) -> list[tuple[EvidenceFile, int]]:
    """Files in ``among`` whose perceptual hash is near ``file``'s, closest first.

    Each comes with its distance in bits (0: the same picture). Compares in
    Python, one hash at a time: fine for the tens of thousands of images a
    case holds; a BK-tree or a database extension would serve millions.
    """
    if not file.perceptual_hash:
        return []
    candidates = among.exclude(pk=file.pk).exclude(perceptual_hash="")
    near = [
        (other, hash_distance(file.perceptual_hash, other.perceptual_hash))
        for other in candidates.select_related("item")
        if are_near_duplicates(file.perceptual_hash, other.perceptual_hash)
    ]
    return sorted(near, key=lambda pair: (pair[1], pair[0].added_at))
