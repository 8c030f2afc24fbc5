"""A testimony: who tells it (pseudonym shown, real name sealed), what they let
us share, and their account in their own words, with photos, audio, video."""

from __future__ import annotations

# Dari labels are Arabic script by design.
from sabt.odk.forms.choices import common_choices
from sabt.odk.forms.people import SEALED_HINT
from sabt.odk.forms.xlsform import Choice, Form, Question, Text
from sabt.records import consent

FORM_ID = "sabt_testimony"

# Each consent level as the documenter asks it, in the source's words.
CONSENT_WORDS = {
    "nobody": Text(
        "No one outside the people who met me", "هیچ‌کس بیرون از کسانی که با من دیدند"
    ),
    "organisation": Text("The people of this organisation", "کارکنان همین سازمان"),
    "un_courts": Text("UN investigators and courts", "بازرسان ملل متحد و محاکم"),
    "public": Text("Anyone: it may be published", "همه: می‌تواند نشر شود"),
}
HOW_WORDS = {
    "in_person": Text("In person", "حضوری"),
    "by_phone": Text("By phone", "از راه تلفن"),
    "in_writing": Text("In writing", "کتبی"),
    "through_intermediary": Text("Through someone else", "از راه شخص دیگر"),
}
LANGUAGE_WORDS = {
    "fa": Text("Dari", "دری"),
    "ps": Text("Pashto", "پښتو"),
    "en": Text("English", "انگلیسی"),
    "other": Text("Another language", "زبان دیگر"),
}
STANCE_WORDS = {
    "alleges": Text("Tells what happened", "آنچه رخ داد را می‌گوید"),
    "corroborates": Text("Confirms what others said", "گفته‌های دیگران را تأیید می‌کند"),
    "denies": Text("Denies it happened", "رخ دادن آن را رد می‌کند"),
}


def _choices() -> list[Choice]:
    assert tuple(CONSENT_WORDS) == consent.LEVELS  # noqa: S101  (the form must offer every level)
    return [
        *(
            Choice("consent_level", code, words)
            for code, words in CONSENT_WORDS.items()
        ),
        *(Choice("how_obtained", code, words) for code, words in HOW_WORDS.items()),
        *(Choice("language", code, words) for code, words in LANGUAGE_WORDS.items()),
        *(Choice("stance", code, words) for code, words in STANCE_WORDS.items()),
    ]


def testimony_form() -> Form:
    questions = [
        Question("start", "start"),
        Question("end", "end"),
        Question("deviceid", "deviceid"),
        Question("begin_group", "source", Text("Who tells it", "چه کسی می‌گوید")),
        Question(
            "select_one source_kind",
            "kind",
            Text("The source is a", "منبع"),
            required=True,
        ),
        Question(
            "text",
            "pseudonym",
            Text(
                "A name to show everyone, not the real one",
                "نامی برای نشان دادن به همه، نه نام واقعی",
            ),
            required=True,
        ),
        Question("text", "real_name", Text("Real name", "نام واقعی"), hint=SEALED_HINT),
        Question(
            "text", "contact", Text("How to reach them", "راه تماس"), hint=SEALED_HINT
        ),
        Question("end_group", "source"),
        Question(
            "begin_group",
            "consent",
            Text("Ask, in these words", "با همین کلمات بپرسید"),
        ),
        Question(
            "select_one consent_level",
            "name_to",
            Text("Who may know your name?", "چه کسی می‌تواند نام شما را بداند؟"),
            required=True,
        ),
        Question(
            "select_one consent_level",
            "account_to",
            Text(
                "Who may hear what you tell us?",
                "چه کسی می‌تواند آنچه به ما می‌گویید را بشنود؟",
            ),
            required=True,
        ),
        Question(
            "select_one how_obtained",
            "how",
            Text("How did they answer?", "چگونه پاسخ دادند؟"),
            required=True,
            default="in_person",
        ),
        Question("end_group", "consent"),
        Question(
            "select_one language",
            "language",
            Text("Language of the account", "زبان روایت"),
            required=True,
            default="fa",
        ),
        Question(
            "text",
            "account",
            Text("The account, in their words", "روایت، به زبان خودشان"),
            required=True,
            appearance="multiline",
        ),
        Question(
            "text",
            "translation",
            Text("Translation (optional)", "ترجمه (اختیاری)"),
            appearance="multiline",
        ),
        Question(
            "select_one stance",
            "stance",
            Text("What the account does", "روایت چه می‌کند"),
            required=True,
            default="alleges",
        ),
        Question(
            "date", "made_on", Text("Date of the account", "تاریخ روایت"), required=True
        ),
        Question("image", "photo", Text("A photo", "یک عکس")),
        Question("audio", "audio", Text("An audio recording", "یک صدای ضبط‌شده")),
        Question("video", "video", Text("A video", "یک ویدیو")),
    ]
    return Form(
        form_id=FORM_ID,
        title=Text("Testimony", "شهادت"),
        questions=questions,
        choices=[*common_choices(), *_choices()],
        instance_name="concat(${pseudonym}, ' — ', ${made_on})",
    )
