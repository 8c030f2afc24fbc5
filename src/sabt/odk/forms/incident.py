"""The incident report: what happened, where, when, how many, by whom, to whom."""

# Dari labels are Arabic script by design.
# ruff: noqa: RUF001

from __future__ import annotations

from sabt.odk.forms.choices import OTHER_PLACE, common_choices, place_choices
from sabt.odk.forms.xlsform import Form, Question, Text

FORM_ID = "sabt_incident_report"
COUNTS = (
    ("killed", Text("Killed", "کشته‌شدگان")),
    ("injured", Text("Injured", "زخمی‌ها")),
    ("detained", Text("Detained", "بازداشت‌شدگان")),
    ("displaced", Text("Displaced", "بی‌جاشدگان")),
)
AT_LEAST = Text("at least", "دست‌کم")
AT_MOST = Text("at most", "حداکثر")
NOT_BELOW_MIN = Text("Not fewer than the least.", "کمتر از حداقل نباشد.")


def _count_questions() -> list[Question]:
    questions = [
        Question(
            "begin_group",
            "counts",
            Text(
                "How many people (leave empty if not known)",
                "چند نفر (اگر معلوم نیست خالی بگذارید)",
            ),
        )
    ]
    for name, label in COUNTS:
        questions += [
            Question(
                "integer",
                f"{name}_min",
                Text(f"{label.en}, {AT_LEAST.en}", f"{label.prs}، {AT_LEAST.prs}"),
                constraint=". >= 0",
            ),
            Question(
                "integer",
                f"{name}_max",
                Text(f"{label.en}, {AT_MOST.en}", f"{label.prs}، {AT_MOST.prs}"),
                constraint=f". >= ${{{name}_min}} or ${{{name}_min}} = ''",
                constraint_message=NOT_BELOW_MIN,
            ),
        ]
    questions.append(Question("end_group", "counts"))
    return questions


def _act_questions() -> list[Question]:
    return [
        Question(
            "begin_repeat",
            "acts",
            Text("Acts and their victims", "اعمال و قربانیان آن"),
        ),
        Question(
            "select_one act_type",
            "act_type",
            Text("What was done", "چه کاری انجام شد"),
            required=True,
        ),
        Question(
            "text",
            "victim_name",
            Text("Victim's name, as written", "نام قربانی، آن‌گونه که نوشته می‌شود"),
            hint=Text(
                "Leave empty for a group of victims.",
                "برای گروهی از قربانیان خالی بگذارید.",
            ),
        ),
        Question(
            "text",
            "victim_father",
            Text("Father's name", "نام پدر"),
            relevant="${victim_name} != ''",
        ),
        Question(
            "text",
            "victim_grandfather",
            Text("Grandfather's name", "نام پدرکلان"),
            relevant="${victim_name} != ''",
        ),
        Question(
            "select_one sex",
            "victim_sex",
            Text("Sex", "جنسیت"),
            relevant="${victim_name} != ''",
        ),
        Question(
            "integer",
            "victim_age",
            Text("Age", "سن"),
            relevant="${victim_name} != ''",
            constraint=". >= 0 and . <= 130",
        ),
        Question(
            "text",
            "victim_group",
            Text("Or the group of victims", "یا گروه قربانیان"),
            relevant="${victim_name} = ''",
            hint=Text("For example: men of the village", "برای نمونه: مردان قریه"),
        ),
        Question(
            "integer",
            "victim_count_min",
            Text("How many in the group, at least", "شمار افراد گروه، دست‌کم"),
            relevant="${victim_name} = ''",
            constraint=". >= 0",
        ),
        Question(
            "integer",
            "victim_count_max",
            Text("How many in the group, at most", "شمار افراد گروه، حداکثر"),
            relevant="${victim_name} = ''",
            constraint=". >= ${victim_count_min} or ${victim_count_min} = ''",
            constraint_message=NOT_BELOW_MIN,
        ),
        Question(
            "select_one yes_no",
            "victims_are_children",
            Text("Were the victims children?", "آیا قربانیان کودک بودند؟"),
        ),
        Question(
            "text",
            "act_perpetrator",
            Text(
                "Who did it, if not the same as above",
                "چه کسی انجام داد، اگر با بالا فرق دارد",
            ),
        ),
        Question("end_repeat", "acts"),
    ]


def incident_form() -> Form:
    questions = [
        Question("start", "start"),
        Question("end", "end"),
        Question("deviceid", "deviceid"),
        Question(
            "text",
            "title",
            Text("Short title of what happened", "عنوان کوتاه رویداد"),
            required=True,
        ),
        Question(
            "select_one event_type",
            "event_type",
            Text("Type of event (ACLED)", "نوع رویداد (اکلید)"),
            required=True,
        ),
        Question(
            "select_one sub_event_type",
            "sub_event_type",
            Text("Sub-type", "نوع فرعی"),
            choice_filter="parent=${event_type}",
        ),
        Question(
            "date",
            "date_from",
            Text("Date, or the first day", "تاریخ، یا روز نخست"),
            required=True,
        ),
        Question(
            "select_one date_precision",
            "date_precision",
            Text("How exact is the date?", "تاریخ چقدر دقیق است؟"),
            required=True,
            default="day",
        ),
        Question(
            "date",
            "date_to",
            Text("Last day of the range", "روز آخر بازه"),
            relevant="${date_precision} = 'approximate'",
            constraint=". >= ${date_from}",
            constraint_message=Text(
                "Not before the first day.", "پیش از روز نخست نباشد."
            ),
        ),
        Question(
            "select_one place",
            "place",
            Text("Where", "کجا"),
            required=True,
            appearance="minimal autocomplete",
        ),
        Question(
            "text",
            "place_other",
            Text(
                "Name of the place, as people say it",
                "نام مکان، آن‌گونه که مردم می‌گویند",
            ),
            required=True,
            relevant=f"${{place}} = '{OTHER_PLACE}'",
        ),
        Question(
            "text",
            "place_other_district",
            Text("District, if known", "ولسوالی، اگر معلوم است"),
            relevant=f"${{place}} = '{OTHER_PLACE}'",
        ),
        Question(
            "geopoint",
            "location",
            Text(
                "Location on the phone's GPS (optional)",
                "موقعیت با جی‌پی‌اس تلفن (اختیاری)",
            ),
        ),
        *_count_questions(),
        Question("text", "perpetrator", Text("Alleged perpetrator", "عامل ادعایی")),
        Question(
            "text",
            "description",
            Text("What happened, in your words", "چه اتفاقی افتاد، به زبان خودتان"),
            appearance="multiline",
        ),
        *_act_questions(),
        Question("image", "photo", Text("A photo, if there is one", "یک عکس، اگر هست")),
    ]
    return Form(
        form_id=FORM_ID,
        title=Text("Incident report", "گزارش رویداد"),
        questions=questions,
        choices=[*common_choices(), *place_choices()],
        instance_name="concat(${title}, ' — ', ${date_from})",
    )
