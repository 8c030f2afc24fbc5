"""Projection tables for the gazetteer: places and district outlines.

Gazetteer rows and districts are reference data loaded from the shipped
files (``loading``); user-added places are written only by
``gazetteer.projector`` from ``place.added`` events.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from django.db import models
from django.utils.translation import gettext_lazy as _

from sabt.gazetteer.geometry import contains


class DistrictProperties(TypedDict):
    """What a district feature on the map says about itself."""

    name: str
    gn_admin2_code: str
    province: str


class DistrictFeature(TypedDict):
    """One GeoJSON Feature (RFC 7946 §3.2)."""

    type: Literal["Feature"]
    properties: DistrictProperties
    geometry: dict[str, Any]


class FeatureCollection(TypedDict):
    """A GeoJSON FeatureCollection (RFC 7946 §3.3), ready for Leaflet."""

    type: Literal["FeatureCollection"]
    features: list[DistrictFeature]


class Place(models.Model):
    """A named place with coordinates, from the gazetteer or added by a user.

    Gazetteer keys are ``geonames:<id>``; a user-added place's key is the
    record UUID of its ``place.added`` event.
    """

    class Origin(models.TextChoices):
        GAZETTEER = "gazetteer", _("gazetteer")
        USER = "user", _("added by a user")

    key = models.CharField(max_length=64, primary_key=True)
    name = models.CharField(max_length=200)
    ascii_name = models.CharField(max_length=200, blank=True)
    names_arabic = models.JSONField(default=list, blank=True)
    names_latin = models.JSONField(default=list, blank=True)
    province = models.CharField(max_length=100, blank=True)
    district = models.CharField(max_length=100, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    feature_code = models.CharField(max_length=10, blank=True)
    geonames_id = models.IntegerField(null=True, blank=True, unique=True)
    origin = models.CharField(max_length=16, choices=Origin.choices)
    location_note = models.TextField(blank=True)
    added_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["name", "key"]

    def __str__(self) -> str:
        return self.name

    def all_names(self) -> list[str]:
        """Every name the place is known by, in either script, once each."""
        names = [self.name, self.ascii_name, *self.names_latin, *self.names_arabic]
        return list(dict.fromkeys(name for name in names if name))


class DistrictQuerySet(models.QuerySet["District"]):
    """Districts, with the two ways the map and the lookup read them."""

    def feature_collection(self) -> FeatureCollection:
        """Return these districts as one GeoJSON FeatureCollection."""
        return {
            "type": "FeatureCollection",
            "features": [district.feature() for district in self],
        }

    def containing(self, *, latitude: float, longitude: float) -> District | None:
        """Return the district whose outline holds the point, if any."""
        for district in self:
            if contains(district.geometry, latitude=latitude, longitude=longitude):
                return district
        return None


class District(models.Model):
    """A district outline (geoBoundaries 2014 ADM2), keyed by GeoNames admin2."""

    gn_admin2_code = models.CharField(max_length=8, primary_key=True)
    name = models.CharField(max_length=100, unique=True)
    province = models.CharField(max_length=100)
    geometry = models.JSONField()

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def feature(self) -> DistrictFeature:
        """Return the district as a GeoJSON Feature."""
        return {
            "type": "Feature",
            "properties": {
                "name": self.name,
                "gn_admin2_code": self.gn_admin2_code,
                "province": self.province,
            },
            "geometry": self.geometry,
        }
