"""Tests for ``gazetteer.geometry.contains`` on small hand-made polygons."""

from __future__ import annotations

import pytest

from sabt.gazetteer.geometry import contains

SQUARE = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]
HOLE = [[4.0, 4.0], [6.0, 4.0], [6.0, 6.0], [4.0, 6.0], [4.0, 4.0]]


def test_a_point_inside_a_polygon_is_contained() -> None:
    polygon = {"type": "Polygon", "coordinates": [SQUARE]}
    assert contains(polygon, latitude=2.0, longitude=3.0) is True


def test_a_point_outside_a_polygon_is_not_contained() -> None:
    polygon = {"type": "Polygon", "coordinates": [SQUARE]}
    assert contains(polygon, latitude=2.0, longitude=11.0) is False


def test_a_point_in_a_hole_is_not_contained() -> None:
    polygon = {"type": "Polygon", "coordinates": [SQUARE, HOLE]}
    assert contains(polygon, latitude=5.0, longitude=5.0) is False


def test_latitude_and_longitude_are_not_swapped() -> None:
    strip = [[0.0, 0.0], [10.0, 0.0], [10.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    polygon = {"type": "Polygon", "coordinates": [strip]}
    assert contains(polygon, latitude=0.5, longitude=8.0) is True
    assert contains(polygon, latitude=8.0, longitude=0.5) is False


def test_any_part_of_a_multipolygon_contains() -> None:
    far = [[[20.0, 20.0], [30.0, 20.0], [30.0, 30.0], [20.0, 20.0]]]
    multi = {"type": "MultiPolygon", "coordinates": [[SQUARE], far]}
    assert contains(multi, latitude=22.0, longitude=25.0) is True


def test_positions_with_an_altitude_are_read() -> None:
    cube = [[x, y, 1800.0] for x, y in SQUARE]
    polygon = {"type": "Polygon", "coordinates": [cube]}
    assert contains(polygon, latitude=5.0, longitude=5.0) is True


def test_a_point_geometry_is_refused() -> None:
    with pytest.raises(ValueError, match="not a polygon: Point"):
        contains({"type": "Point", "coordinates": [0, 0]}, latitude=0, longitude=0)
