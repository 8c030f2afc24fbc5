"""PFIF, the People Finder Interchange Format, for other tracing systems.

sabt writes PFIF 1.4 and reads 1.1 to 1.4, as Google Person Finder does.

``records`` holds PFIF's person and note records as plain data;
``writer`` turns them into XML and ``reader`` reads XML back, refusing
DTDs and entities (defusedxml), so a hostile file cannot read local files
or exhaust memory. ``exchange`` decides what leaves sabt (never the sealed
enquirer, never a found person's whereabouts without their consent) and
turns an incoming file into a person list.

Specification: https://zesty.ca/pfif/1.4/ (namespace ``NAMESPACE``).
"""

from __future__ import annotations

NAMESPACE = "http://zesty.ca/pfif/1.4"
# The versions sabt reads, by namespace; it writes only 1.4.
VERSIONS = {f"http://zesty.ca/pfif/1.{minor}": f"1.{minor}" for minor in range(1, 5)}
# Person Finder sends PFIF records in Atom feeds too, one per entry.
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
# sabt's own extension: the status PFIF cannot say (detained), on a note.
SABT_NAMESPACE = "urn:sabt:pfif:1"

# Child elements of <pfif:person> and <pfif:note>, in the order PFIF 1.4
# lists them.
PERSON_FIELDS = (
    "person_record_id",
    "entry_date",
    "expiry_date",
    "author_name",
    "author_email",
    "author_phone",
    "source_name",
    "source_date",
    "source_url",
    "full_name",
    "given_name",
    "family_name",
    "alternate_names",
    "description",
    "sex",
    "date_of_birth",
    "age",
    "home_street",
    "home_neighborhood",
    "home_city",
    "home_state",
    "home_postal_code",
    "home_country",
    "photo_url",
    "profile_urls",
)
NOTE_FIELDS = (
    "note_record_id",
    "person_record_id",
    "linked_person_record_id",
    "entry_date",
    "author_name",
    "author_email",
    "author_phone",
    "source_date",
    "author_made_contact",
    "status",
    "email_of_found_person",
    "phone_of_found_person",
    "last_known_location",
    "text",
    "photo_url",
)
NOTE_STATUSES = (
    "information_sought",
    "is_note_author",
    "believed_alive",
    "believed_missing",
    "believed_dead",
)
