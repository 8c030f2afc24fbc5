"""Whether a point lies inside a GeoJSON polygon (RFC 7946), by ray casting.

Only what the district map needs: Polygon and MultiPolygon in longitude,
latitude order, holes respected. Plain Python, so no GIS library is needed
for seven polygons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Ring = Sequence[Sequence[float]]


def contains(geometry: Mapping[str, Any], *, latitude: float, longitude: float) -> bool:
    """Whether a Polygon or MultiPolygon geometry holds the point.

    A point exactly on an edge may fall either way. Raises ValueError for
    other geometry types.
    """
    kind = geometry["type"]
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"not a polygon: {kind}")
    return any(_in_polygon(rings, longitude, latitude) for rings in polygons)


def _in_polygon(rings: Sequence[Ring], x: float, y: float) -> bool:
    # The first ring is the outline; the others are holes (RFC 7946 §3.1.6).
    outline, *holes = rings
    return _in_ring(outline, x, y) and not any(_in_ring(h, x, y) for h in holes)


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    # Count edges crossed by a ray going east from the point: odd is inside.
    inside = False
    # A position may carry an altitude after longitude and latitude.
    for start, end in zip(ring, [*ring[1:], ring[0]], strict=True):
        x1, y1, x2, y2 = start[0], start[1], end[0], end[1]
        if (y1 > y) != (y2 > y):
            crossing_x = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < crossing_x:
                inside = not inside
    return inside
