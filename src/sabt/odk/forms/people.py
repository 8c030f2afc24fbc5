"""Questions about one person, shared by the tracing request and the list entry."""

from __future__ import annotations

# Dari labels are Arabic script by design.
from sabt.odk.forms.choices import OTHER_PLACE
from sabt.odk.forms.xlsform import Question, Text

SEALED_HINT = Text(
    "Sealed: encrypted on the phone, seen only by roles that need it.",
    "مهر و موم: روی تلفن رمزگذاری می‌شود و تنها نقش‌های لازم آن را می‌بینند.",
)
AS_WRITTEN = Text(
    "As the family writes it, in either script.",
    "آن‌گونه که خانواده می‌نویسد، به هر خطی.",
)


def person_questions(prefix: str, *, required: bool = True) -> list[Question]:
    """Name with father's and grandfather's names, sex and age of one person."""
    return [
        Question(
            "text",
            f"{prefix}_name",
            Text("Name", "نام"),
            hint=AS_WRITTEN,
            required=required,
        ),
        Question("text", f"{prefix}_father", Text("Father's name", "نام پدر")),
        Question(
            "text", f"{prefix}_grandfather", Text("Grandfather's name", "نام پدرکلان")
        ),
        Question("select_one sex", f"{prefix}_sex", Text("Sex", "جنسیت")),
        Question(
            "integer",
            f"{prefix}_age",
            Text("Age", "سن"),
            constraint=". >= 0 and . <= 120",
        ),
    ]


def place_questions(name: str, label: Text) -> list[Question]:
    """A place from the gazetteer, or a name typed as people say it."""
    return [
        Question("select_one place", name, label, appearance="minimal autocomplete"),
        Question(
            "text",
            f"{name}_other",
            Text(
                "Name of the place, as people say it",
                "نام مکان، آن‌گونه که مردم می‌گویند",
            ),
            required=True,
            relevant=f"${{{name}}} = '{OTHER_PLACE}'",
        ),
    ]
