"""Projection tables of the documentation domain ("who did what to whom").

Rows are written only by ``records.projector`` from signed events. Every record
keeps its current ``heads``: more than one means two devices edited it offline
and a person must settle the conflict.
"""

from __future__ import annotations

import datetime

from django.db import models

from sabt.core.cases import DEFAULT_CASE
from sabt.core.records import RecordBase


class Incident(RecordBase):
    """Something that happened, somewhere, at some time, as reported."""

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    event_type = models.CharField(max_length=60)
    sub_event_type = models.CharField(max_length=60, blank=True)
    date_from = models.DateField(db_index=True)
    date_to = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=20)
    killed_min = models.PositiveIntegerField(null=True, blank=True)
    killed_max = models.PositiveIntegerField(null=True, blank=True)
    injured_min = models.PositiveIntegerField(null=True, blank=True)
    injured_max = models.PositiveIntegerField(null=True, blank=True)
    detained_min = models.PositiveIntegerField(null=True, blank=True)
    detained_max = models.PositiveIntegerField(null=True, blank=True)
    displaced_min = models.PositiveIntegerField(null=True, blank=True)
    displaced_max = models.PositiveIntegerField(null=True, blank=True)
    perpetrator = models.CharField(
        max_length=200, blank=True, help_text="The alleged perpetrator party."
    )
    status = models.CharField(max_length=20, default="reported", db_index=True)
    search_text = models.TextField(blank=True)
    # The incident's rowid in the SQLite full-text index (records.search).
    search_id = models.PositiveBigIntegerField(unique=True, editable=False)

    class Meta:
        ordering = ["-date_from", "record"]
        indexes = [
            models.Index(fields=["event_type", "date_from"]),
            # A member's list is one case (or a few), newest first: the index
            # hands the first page over in order, with no sort of the case.
            models.Index(
                fields=["case", "-date_from", "record"], name="incident_case_newest"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class IncidentPlace(models.Model):
    """A place an incident happened at, as named, resolved or not.

    An unresolved name stays visible with its candidates until a person picks
    one: the gazetteer never guesses silently.
    """

    key = models.CharField(max_length=48, primary_key=True)  # "<incident>/<n>"
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="places"
    )
    position = models.PositiveSmallIntegerField()
    name_as_given = models.CharField(max_length=200)
    place = models.ForeignKey(
        "gazetteer.Place", null=True, blank=True, on_delete=models.PROTECT
    )
    district = models.CharField(max_length=100, blank=True)
    candidates = models.JSONField(default=list)
    # The incident's dates, copied so "in this district, in these weeks" is one
    # index range instead of a scan of every incident before the end date.
    date_from = models.DateField()
    date_end = models.DateField()
    # The incident's case, which never changes, copied so that counting a
    # member's incidents in a district reads the places alone.
    case = models.CharField(max_length=60, default=DEFAULT_CASE)

    class Meta:
        ordering = ["incident", "position"]
        indexes = [
            # Case and incident too, so a district's count reads the index
            # alone, not each place's row for its case and incident.
            models.Index(
                fields=["district", "date_from", "date_end", "case", "incident"],
                name="place_district_dates",
            )
        ]

    def __str__(self) -> str:
        return self.name_as_given

    @property
    def is_resolved(self) -> bool:
        return self.place_id is not None


class StatusChange(models.Model):
    """One step of an incident's verification, with who, when and why."""

    event_id = models.CharField(max_length=64, primary_key=True)
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    reason = models.TextField()
    actor = models.CharField(max_length=150)
    at = models.CharField(max_length=32)

    class Meta:
        ordering = ["at", "event_id"]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


class Person(RecordBase):
    """A person as recorded: names as written, lineage, age, home, status."""

    name = models.CharField(max_length=200)
    other_names = models.JSONField(default=list)
    father_name = models.CharField(max_length=200, blank=True)
    grandfather_name = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=10, default="unknown")
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_year_min = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_year_max = models.PositiveSmallIntegerField(null=True, blank=True)
    home_place = models.ForeignKey(
        "gazetteer.Place", null=True, blank=True, on_delete=models.PROTECT
    )
    home_place_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, default="unknown")

    class Meta:
        ordering = ["name", "record"]

    def __str__(self) -> str:
        return self.name


class PersonStatus(models.Model):
    """What was known of a person at a date, and from which source."""

    event_id = models.CharField(max_length=64, primary_key=True)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="statuses"
    )
    status = models.CharField(max_length=20)
    as_of = models.DateField()
    source = models.ForeignKey(
        "records.Source", null=True, blank=True, on_delete=models.PROTECT
    )
    note = models.TextField(blank=True)
    actor = models.CharField(max_length=150)

    class Meta:
        ordering = ["as_of", "event_id"]

    def __str__(self) -> str:
        return self.status


class Source(RecordBase):
    """Who told us. Everyone sees the pseudonym; real identities are sealed."""

    # The fields of the real identity, sealed in events and in this table.
    IDENTITY_FIELDS = ("real_name", "contact", "contact_notes")

    kind = models.CharField(max_length=30)
    pseudonym = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    reliability = models.CharField(max_length=20, default="unknown")
    derived_from = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="derivatives"
    )
    # The real identity as the event carries it: {field: token}, never
    # plaintext. Only records.sealed.reveal opens a token, for display.
    sealed_identity = models.JSONField(default=dict, blank=True)
    # Set when the identity's data key was shredded (a subject.shredded event).
    identity_destroyed_at = models.CharField(max_length=32, blank=True)
    identity_destroyed_by = models.CharField(max_length=150, blank=True)
    # Consent (records.consent): how far the name and the account may go,
    # as last recorded; the whole history is in ConsentRecord.
    consent_name = models.CharField(max_length=20, default="nobody")
    consent_account = models.CharField(max_length=20, default="organisation")

    class Meta:
        ordering = ["pseudonym", "record"]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def is_sealed(self) -> bool:
        """True if a real identity was recorded, destroyed or not."""
        return bool(self.sealed_identity)

    @property
    def is_identity_destroyed(self) -> bool:
        return bool(self.identity_destroyed_at)

    @property
    def identity_destroyed_on(self) -> datetime.datetime | None:
        """When the identity was destroyed, as an aware UTC time."""
        if not self.identity_destroyed_at:
            return None
        return datetime.datetime.fromisoformat(self.identity_destroyed_at)


class Act(RecordBase):
    """One violation within an incident: what was done, to whom, by whom."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="acts"
    )
    act_type = models.CharField(max_length=40, db_index=True)
    victim = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="acts"
    )
    victim_group = models.CharField(max_length=200, blank=True)
    victim_count_min = models.PositiveIntegerField(null=True, blank=True)
    victim_count_max = models.PositiveIntegerField(null=True, blank=True)
    victims_are_children = models.BooleanField(default=False)
    perpetrator = models.CharField(max_length=200, blank=True)
    legal_characterisation = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["incident", "created_at", "record"]

    def __str__(self) -> str:
        return self.act_type


class Statement(RecordBase):
    """A source's account, in its own language and translated, and its stance."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="statements"
    )
    text = models.TextField()
    language = models.CharField(max_length=10)
    translation = models.TextField(blank=True)
    stance = models.CharField(max_length=20)
    made_on = models.DateField(null=True, blank=True)
    incidents = models.ManyToManyField(Incident, blank=True, related_name="statements")
    acts = models.ManyToManyField(Act, blank=True, related_name="statements")
    persons = models.ManyToManyField(Person, blank=True, related_name="statements")

    class Meta:
        ordering = ["made_on", "created_at", "record"]

    def __str__(self) -> str:
        return f"{self.source} ({self.stance})"


class ConsentRecord(models.Model):
    """One statement of a source's consent, from its event; the last one holds.

    Withdrawing consent is recording a narrower level: nothing is erased.
    """

    event_id = models.CharField(max_length=64, primary_key=True)
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="consents"
    )
    name = models.CharField(max_length=20)
    account = models.CharField(max_length=20)
    obtained_how = models.CharField(max_length=30)
    obtained_on = models.DateField()
    notes = models.TextField(blank=True)
    actor = models.CharField(max_length=150)
    at = models.CharField(max_length=32)

    class Meta:
        ordering = ["at", "event_id"]

    def __str__(self) -> str:
        return f"{self.source_id}: name {self.name}, account {self.account}"
