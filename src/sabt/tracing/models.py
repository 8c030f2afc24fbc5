"""Projection tables of tracing: requests, person lists, candidates, reviews.

Rows are written only by ``tracing.projector`` from signed ``tracing.*``
events. The enquirer's identity stays sealed here as in the events: the
tables hold tokens, which only ``tracing.sealed.reveal`` opens.

List entries are their own rows, not ``records.Person``: a list is a copy
of someone else's register (a detainee list, a hospital register), often
with the same person on several lists, and it must stay as it came so its
origin can be proved; a documented victim in ``records`` is a claim sabt
makes. Confirming a match links an entry to a request without merging
either.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from sabt.core.cases import DEFAULT_CASE
from sabt.core.records import RecordBase


class TracedStatus(models.TextChoices):
    """What is known of a person at a date (DESIGN.md, "Person")."""

    ALIVE = "alive", _("alive")
    MISSING = "missing", _("missing")
    DETAINED = "detained", _("detained")
    DECEASED = "deceased", _("deceased")
    UNKNOWN = "unknown", _("unknown")


SEXES = ("female", "male", "unknown")
# The linkage reads "m", "f" or "" (linkage.columns.parse_sex).
SEX_FROM_LINKAGE = {"m": "male", "f": "female", "": "unknown"}
SEX_TO_LINKAGE = {"male": "m", "female": "f", "unknown": ""}

# Statuses that say where a person is, or that they died: a request whose
# sought person has one of them is "located".
LOCATING_STATUSES = (
    TracedStatus.ALIVE,
    TracedStatus.DETAINED,
    TracedStatus.DECEASED,
)


class TracingRequest(RecordBase):
    """A family's request to find a relative; the enquirer is sealed."""

    # The fields of the enquirer's identity, sealed in events and here.
    ENQUIRER_FIELDS = ("enquirer_name", "enquirer_contact", "enquirer_notes")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        POSSIBLE_MATCH = "possible_match", _("possible match")
        LOCATED_ALIVE = "located_alive", _("located — alive")
        LOCATED_DETAINED = "located_detained", _("located — detained")
        LOCATED_DECEASED = "located_deceased", _("located — deceased")
        CLOSED = "closed", _("closed")

    class Consent(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        NOT_ASKED = "not_asked", _("not asked")

    # The enquirer, as the event carries it: {field: token}, never text.
    sealed_enquirer = models.JSONField(default=dict, blank=True)
    enquirer_destroyed_at = models.CharField(max_length=32, blank=True)
    relationship = models.CharField(max_length=100, blank=True)
    # May the enquirer's name and contact be given to the sought person?
    consent_to_share = models.CharField(
        max_length=10, choices=Consent.choices, default=Consent.NOT_ASKED
    )
    # The sought person, names as written.
    given_name = models.CharField(max_length=200)
    father_name = models.CharField(max_length=200, blank=True)
    grandfather_name = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=10, default="unknown")
    age_low = models.PositiveSmallIntegerField(null=True, blank=True)
    age_high = models.PositiveSmallIntegerField(null=True, blank=True)
    village = models.CharField(max_length=200, blank=True)
    district = models.CharField(max_length=200, blank=True)
    # The circumstances of the disappearance.
    last_seen_date = models.DateField(null=True, blank=True)
    last_seen_place = models.CharField(max_length=200, blank=True)
    taken_by = models.CharField(max_length=200, blank=True)
    taken_to = models.CharField(max_length=200, blank=True)
    circumstances = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    closed_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "record"]

    def __str__(self) -> str:
        return self.given_name

    @property
    def is_sealed(self) -> bool:
        return bool(self.sealed_enquirer)

    @property
    def is_enquirer_destroyed(self) -> bool:
        return bool(self.enquirer_destroyed_at)

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class PersonList(RecordBase):
    """A list of people imported from a file: who is on it, and its origin."""

    class Kind(models.TextChoices):
        DETAINEES = "detainees", _("detainee list")
        CASUALTIES = "casualties", _("casualty list")
        BURIALS = "burials", _("burial list")
        HOSPITAL = "hospital", _("hospital register")
        DISPLACEMENT = "displacement", _("displacement register")
        PFIF = "pfif", _("PFIF records")
        OTHER = "other", _("other list")

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    # The date the list was drawn up: its people's status is as of then.
    as_of = models.DateField(null=True, blank=True)
    # The status each entry has unless its row says otherwise.
    status = models.CharField(max_length=20, choices=TracedStatus.choices)
    # The file as received, in the blob store (evidence.blobs).
    sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField()
    media_type = models.CharField(max_length=100)
    # {their header: our column} as confirmed at import.
    mapping = models.JSONField(default=dict)
    row_count = models.PositiveIntegerField()
    # The rows left out at import: [{"line": n, "reason": text}], as the
    # import event recorded them.
    rejected_rows = models.JSONField(default=list, blank=True)
    # Rows that are probably one person written twice: [[row id, row id]].
    duplicate_rows = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "record"]

    def __str__(self) -> str:
        return self.name


class ListEntry(models.Model):
    """One row of a person list, as read through the column mapping."""

    key = models.CharField(max_length=36, primary_key=True)  # uuid5(list, row_id)
    person_list = models.ForeignKey(
        PersonList, on_delete=models.CASCADE, related_name="entries"
    )
    case = models.CharField(max_length=60, default=DEFAULT_CASE, db_index=True)
    row_id = models.CharField(max_length=200)
    position = models.PositiveIntegerField()
    given_name = models.CharField(max_length=200, blank=True)
    father_name = models.CharField(max_length=200, blank=True)
    grandfather_name = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=10, default="unknown")
    age_low = models.PositiveSmallIntegerField(null=True, blank=True)
    age_high = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_year_low = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_year_high = models.PositiveSmallIntegerField(null=True, blank=True)
    village = models.CharField(max_length=200, blank=True)
    district = models.CharField(max_length=200, blank=True)
    last_seen_place = models.CharField(max_length=200, blank=True)
    last_seen_date = models.DateField(null=True, blank=True)
    # The PFIF record as received, for a list imported from PFIF: it is
    # exported again unchanged, as PFIF asks of records from elsewhere.
    pfif = models.JSONField(default=dict, blank=True)
    # The latest status (StatusReport), kept here for lists and the export.
    status = models.CharField(max_length=20, choices=TracedStatus.choices)
    status_as_of = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person_list", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["person_list", "row_id"], name="one_row_id_per_list"
            )
        ]

    def __str__(self) -> str:
        return self.row_id


class Candidate(RecordBase):
    """A possible match of a request and a list entry, and its review.

    Confirming links the two without changing either; undoing returns the
    candidate to the queue. The found person's consent decides whether the
    family may be told (``tracing.services.review.notify_family``).
    """

    class Decision(models.TextChoices):
        PENDING = "pending", _("not yet reviewed")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")
        UNSURE = "unsure", _("unsure")

    class Consent(models.TextChoices):
        NOT_ASKED = "not_asked", _("not asked")
        GIVEN = "given", _("given")
        REFUSED = "refused", _("refused")

    request = models.ForeignKey(
        TracingRequest, on_delete=models.CASCADE, related_name="candidates"
    )
    entry = models.ForeignKey(
        ListEntry, on_delete=models.CASCADE, related_name="candidates"
    )
    probability = models.FloatField(db_index=True)
    match_weight = models.FloatField()
    # {field: log2 Bayes factor}: how much each field moved the score.
    weights = models.JSONField(default=dict)
    decision = models.CharField(
        max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.CharField(max_length=32, blank=True)
    # The found person's consent to their family being told.
    consent = models.CharField(
        max_length=20, choices=Consent.choices, default=Consent.NOT_ASKED
    )
    consent_how = models.CharField(max_length=200, blank=True)
    consent_on = models.DateField(null=True, blank=True)
    notified_at = models.CharField(max_length=32, blank=True)
    notified_by = models.CharField(max_length=150, blank=True)
    notified_how = models.CharField(max_length=200, blank=True)
    # The confirmed candidate of the same request in the same list, or of
    # the same entry, that makes this one another person: set while this
    # one is not confirmed itself.
    contradicted_by = models.CharField(max_length=36, blank=True)

    class Meta:
        ordering = ["-probability", "record"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "entry"], name="one_candidate_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.probability:.2f}"

    @property
    def is_confirmed(self) -> bool:
        return self.decision == self.Decision.CONFIRMED

    @property
    def state_label(self) -> str:
        """The decision as a reviewer reads it: "contradicted" for one left
        pending or unsure while another match of its person is confirmed."""
        if self.contradicted_by and self.decision in (
            self.Decision.PENDING,
            self.Decision.UNSURE,
        ):
            return str(_("contradicted by a confirmed match"))
        return str(self.get_decision_display())

    @property
    def is_notified(self) -> bool:
        return bool(self.notified_at)


class Review(models.Model):
    """One step of a candidate's review: found, decided, consent, notified."""

    event_id = models.CharField(max_length=64, primary_key=True)
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="reviews"
    )
    action = models.CharField(max_length=30)
    actor = models.CharField(max_length=150)
    at = models.CharField(max_length=32)
    note = models.TextField(blank=True)
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "event_id"]

    def __str__(self) -> str:
        return self.action


class StatusReport(models.Model):
    """What was known of a sought person or a list entry, when, from where.

    A request's status follows from its own reports and, once a candidate
    is confirmed, from the reports of the entry it links (``projector``).
    """

    class SourceKind(models.TextChoices):
        REQUEST = "request", _("the tracing request")
        LIST = "list", _("the list")
        OFFICER = "officer", _("recorded by an officer")

    key = models.CharField(max_length=80, primary_key=True)  # "<event>/<n>"
    request = models.ForeignKey(
        TracingRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="status_reports",
    )
    entry = models.ForeignKey(
        ListEntry,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="status_reports",
    )
    status = models.CharField(max_length=20, choices=TracedStatus.choices)
    as_of = models.DateField()
    source_kind = models.CharField(max_length=20, choices=SourceKind.choices)
    # Who or what says so: a list's name, or the source an officer names.
    source = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    actor = models.CharField(max_length=150)
    at = models.CharField(max_length=32)

    class Meta:
        ordering = ["as_of", "at", "key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(request__isnull=False)
                | models.Q(entry__isnull=False),
                name="status_report_is_about_someone",
            )
        ]

    def __str__(self) -> str:
        return self.status

    @property
    def sort_key(self) -> tuple[datetime.date, str, str]:
        """Latest last: by the date it speaks of, then when it was recorded."""
        return (self.as_of, self.at, self.key)
