"""The tracing request and the list entry: a person sought, a person listed."""

from __future__ import annotations

# Dari labels are Arabic script by design.
# ruff: noqa: RUF001
from sabt.odk.forms.choices import common_choices, place_choices
from sabt.odk.forms.people import SEALED_HINT, person_questions, place_questions
from sabt.odk.forms.xlsform import Choice, Form, Question, Text

TRACING_FORM_ID = "sabt_tracing_request"
LIST_FORM_ID = "sabt_list_entry"

LIST_KINDS = {
    "detainees": Text("Detainee list", "فهرست بازداشت‌شدگان"),
    "casualties": Text("Casualty list", "فهرست تلفات"),
    "burials": Text("Burial list", "فهرست دفن"),
}
PERSON_STATUSES = {
    "alive": Text("Alive", "زنده"),
    "missing": Text("Missing", "مفقود"),
    "detained": Text("Detained", "بازداشت"),
    "deceased": Text("Dead", "فوت‌شده"),
    "unknown": Text("Not known", "نامعلوم"),
}
CONSENT_TO_SHARE = {
    "yes": Text("Yes", "بلی"),
    "no": Text("No", "نخیر"),
    "not_asked": Text("Not asked", "پرسیده نشد"),
}


def tracing_request_form() -> Form:
    questions = [
        Question("start", "start"),
        Question("end", "end"),
        Question("deviceid", "deviceid"),
        Question(
            "begin_group", "enquirer", Text("Who is asking", "چه کسی جستجو می‌کند")
        ),
        Question("text", "name", Text("Name", "نام"), hint=SEALED_HINT, required=True),
        Question(
            "text", "contact", Text("How to reach them", "راه تماس"), hint=SEALED_HINT
        ),
        Question(
            "text",
            "relationship",
            Text("Relationship to the person sought", "نسبت با شخص جستجوشده"),
        ),
        Question(
            "select_one consent_to_share",
            "consent_to_share",
            Text(
                "May we give your name and contact to them if they are found?",
                "اگر پیدا شوند، آیا نام و راه تماس شما را به آنان بدهیم؟",
            ),
            required=True,
        ),
        Question("end_group", "enquirer"),
        Question("begin_group", "sought", Text("The person sought", "شخص جستجوشده")),
        *person_questions("person"),
        Question("end_group", "sought"),
        Question("begin_group", "last_seen", Text("Last seen", "آخرین بار دیده‌شده")),
        *place_questions("place", Text("Where", "کجا")),
        Question("date", "date", Text("When", "چه وقت")),
        Question("text", "taken_by", Text("Taken by whom", "توسط چه کسی برده شد")),
        Question("text", "taken_to", Text("Taken to where", "به کجا برده شد")),
        Question(
            "text",
            "circumstances",
            Text("What happened", "چه اتفاقی افتاد"),
            appearance="multiline",
        ),
        Question("end_group", "last_seen"),
    ]
    choices = [
        *common_choices(),
        *place_choices(),
        *(Choice("consent_to_share", c, t) for c, t in CONSENT_TO_SHARE.items()),
    ]
    return Form(
        form_id=TRACING_FORM_ID,
        title=Text("Tracing request", "درخواست جستجو"),
        questions=questions,
        choices=choices,
    )


def list_entry_form() -> Form:
    questions = [
        Question("start", "start"),
        Question("end", "end"),
        Question("deviceid", "deviceid"),
        Question(
            "select_one list_kind",
            "list_kind",
            Text("Kind of list", "نوع فهرست"),
            required=True,
        ),
        Question(
            "text",
            "list_name",
            Text("Name of the list", "نام فهرست"),
            required=True,
            hint=Text(
                "For example: Bazarak mosque, burials, Sept. 2021",
                "برای نمونه: مسجد بازارک، دفن‌ها، سنبله ۱۴۰۰",
            ),
        ),
        *person_questions("person"),
        Question(
            "select_one person_status",
            "status",
            Text("Status on the list", "وضعیت در فهرست"),
            required=True,
        ),
        *place_questions(
            "place",
            Text(
                "Place on the list (prison, grave, village)",
                "مکان در فهرست (زندان، قبر، قریه)",
            ),
        ),
        Question("date", "date", Text("Date on the list", "تاریخ در فهرست")),
        Question("text", "notes", Text("Notes", "یادداشت‌ها"), appearance="multiline"),
        Question(
            "image", "photo", Text("A photo of the list page", "عکسی از صفحه فهرست")
        ),
    ]
    choices = [
        *common_choices(),
        *place_choices(),
        *(Choice("list_kind", c, t) for c, t in LIST_KINDS.items()),
        *(Choice("person_status", c, t) for c, t in PERSON_STATUSES.items()),
    ]
    return Form(
        form_id=LIST_FORM_ID,
        title=Text("List entry", "درج در فهرست"),
        questions=questions,
        choices=choices,
    )
