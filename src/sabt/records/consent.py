"""What a source lets us share, and with whom.

Each source says, separately, how far their name may go and how far their
account (what they told us) may go: to nobody outside the team that took it,
to the organisation, to UN mechanisms and courts, or to the public. Each
level includes those before it. A person never asked — a victim, a witness,
a relative — is at the most protective levels: their name goes nowhere, their
account stays in the organisation. What was published already (a news
report, an official's statement, a post, a document, an open letter) may be
quoted as published. Every export and report asks ``allows`` first.
"""

from __future__ import annotations

# Narrowest first: a level allows every audience up to and including itself.
LEVELS = ("nobody", "organisation", "un_courts", "public")
AUDIENCES = LEVELS[1:]

# (name, account) of a source never asked, by the kind of source.
UNASKED_PERSON = ("nobody", "organisation")
UNASKED_BY_KIND = {
    "journalist": ("public", "public"),
    "official": ("public", "public"),
    "social_media_account": ("public", "public"),
    "document": ("public", "public"),
    # An open letter is public; the people who signed it are not named.
    "collective": ("nobody", "public"),
}


def unasked(kind: str) -> tuple[str, str]:
    """The (name, account) levels of a source of ``kind`` never asked."""
    return UNASKED_BY_KIND.get(kind, UNASKED_PERSON)


HOW_OBTAINED = ("in_person", "by_phone", "in_writing", "through_intermediary")


def allows(level: str, audience: str) -> bool:
    """Whether consent at ``level`` lets ``audience`` see what it covers."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; one of {AUDIENCES}")
    return LEVELS.index(level) >= LEVELS.index(audience)
