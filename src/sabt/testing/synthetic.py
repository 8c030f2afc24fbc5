"""Synthetic lists of Afghan people with known true matches, for tests.

Real lists of the missing cannot leave the people who hold them, so the
linkage is tested and measured on lists made here: people with common Dari
and Pashto names (spelled every usual way, in Latin and Arabic script),
fathers and grandfathers, villages from the shipped gazetteer, ages and
dates in September 2021. Each list writes the same person the way real
lists do: variant spellings, a switch of script, a name written "son of"
in one cell, missing fields, an age off by a year or two, a slip of the pen.
Every record keeps the key of the person it was written from, so a test
knows the true pairs. A seed makes every list the same on every run.
"""

# The name tables hold Arabic letters on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import csv
import itertools
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from sabt.gazetteer.districts import DISTRICTS
from sabt.gazetteer.places_file import read_rows, split_names

# One name: its usual Latin spellings, the first the most common, and its
# Arabic-script spellings.
Spellings = tuple[tuple[str, ...], tuple[str, ...]]

MALE_NAMES: dict[str, Spellings] = {
    "mohammad": (("Mohammad", "Muhammad", "Mohammed", "Mohamad"), ("محمد",)),
    "ahmad": (("Ahmad", "Ahmed"), ("احمد",)),
    "aref": (("Aref", "Arif"), ("عارف",)),
    "gul": (("Gul", "Gol"), ("گل",)),
    "noor": (("Noor", "Nur"), ("نور",)),
    "ghulam": (("Ghulam", "Gholam"), ("غلام",)),
    "sayed": (("Sayed", "Sayyed", "Syed"), ("سید",)),
    "rahman": (("Rahman",), ("رحمن", "رحمان")),
    "rahim": (("Rahim", "Raheem"), ("رحیم",)),
    "karim": (("Karim", "Kareem"), ("کریم",)),
    "nasir": (("Nasir", "Naser", "Nasser"), ("ناصر",)),
    "wahid": (("Wahid", "Waheed"), ("وحید",)),
    "hamid": (("Hamid", "Hameed"), ("حمید",)),
    "rashid": (("Rashid", "Rasheed"), ("رشید",)),
    "zaher": (("Zaher", "Zahir"), ("ظاهر",)),
    "qasim": (("Qasim", "Qasem"), ("قاسم",)),
    "hussain": (("Hussain", "Hussein", "Husain"), ("حسین",)),
    "hassan": (("Hassan", "Hasan"), ("حسن",)),
    "ali": (("Ali",), ("علی",)),
    "omar": (("Omar", "Umar"), ("عمر",)),
    "yusuf": (("Yusuf", "Yousuf", "Yousef"), ("یوسف",)),
    "ibrahim": (("Ibrahim", "Ebrahim"), ("ابراهیم",)),
    "ismail": (("Ismail", "Esmail"), ("اسماعیل",)),
    "daud": (("Daud", "Dawood", "Dawud"), ("داود",)),
    "massoud": (("Massoud", "Masood", "Masoud"), ("مسعود",)),
    "farid": (("Farid", "Fareed"), ("فرید",)),
    "habib": (("Habib", "Habeeb"), ("حبیب",)),
    "jawed": (("Jawed", "Javed", "Jawid"), ("جاوید",)),
    "najib": (("Najib", "Najeeb"), ("نجیب",)),
    "khalid": (("Khalid", "Khaled"), ("خالد",)),
    "tariq": (("Tariq", "Tareq"), ("طارق",)),
    "bashir": (("Bashir", "Basheer"), ("بشیر",)),
    "nazir": (("Nazir", "Nazeer"), ("نذیر",)),
    "sakhi": (("Sakhi",), ("سخی",)),
    "sharif": (("Sharif", "Shareef"), ("شریف",)),
    "amin": (("Amin", "Ameen"), ("امین",)),
    "latif": (("Latif", "Lateef"), ("لطیف",)),
    "saboor": (("Saboor", "Sabur"), ("صبور",)),
    "wali": (("Wali",), ("ولی",)),
    "aziz": (("Aziz", "Azeez"), ("عزیز",)),
    "hakim": (("Hakim", "Hakeem"), ("حکیم",)),
    "jalil": (("Jalil", "Jaleel"), ("جلیل",)),
    "kabir": (("Kabir", "Kabeer"), ("کبیر",)),
    "majid": (("Majid", "Majeed"), ("مجید",)),
    "naim": (("Naim", "Naeem"), ("نعیم",)),
    "qadir": (("Qadir", "Qader"), ("قادر",)),
    "salim": (("Salim", "Saleem"), ("سلیم",)),
    "shafiq": (("Shafiq", "Shafeeq"), ("شفیق",)),
    "tahir": (("Tahir", "Taher"), ("طاهر",)),
    "yaqub": (("Yaqub", "Yaqoob"), ("یعقوب",)),
    "zia": (("Zia",), ("ضیا",)),
    "mir": (("Mir",), ("میر",)),
    "jan": (("Jan",), ("جان",)),
    "khan": (("Khan",), ("خان",)),
    "abdul": (("Abdul",), ("عبدال",)),
    "amanullah": (("Amanullah", "Aman Ullah"), ("امان الله", "امانالله")),
    "hikmatullah": (("Hikmatullah", "Hekmatullah"), ("حکمت الله",)),
    "zabihullah": (("Zabihullah", "Zabiullah"), ("ذبیح الله",)),
    "shir": (("Shir", "Sher"), ("شیر",)),
    "dost": (("Dost",), ("دوست",)),
    "nabi": (("Nabi",), ("نبی",)),
    "sultan": (("Sultan",), ("سلطان",)),
    "fazel": (("Fazel", "Fazil", "Fazl"), ("فاضل",)),
    "jamil": (("Jamil", "Jameel"), ("جمیل",)),
    "anwar": (("Anwar",), ("انور",)),
    "asad": (("Asad", "Assad"), ("اسد",)),
    "bahram": (("Bahram",), ("بهرام",)),
    "dilawar": (("Dilawar", "Delawar"), ("دلاور",)),
    "ehsan": (("Ehsan", "Ihsan"), ("احسان",)),
    "fahim": (("Fahim", "Faheem"), ("فهیم",)),
    "haroon": (("Haroon", "Harun"), ("هارون",)),
    "idris": (("Idris", "Edris"), ("ادریس",)),
    "javad": (("Javad", "Jawad"), ("جواد",)),
    "mansoor": (("Mansoor", "Mansur"), ("منصور",)),
    "mujib": (("Mujib", "Mojib"), ("مجیب",)),
    "nasrullah": (("Nasrullah",), ("نصرالله",)),
    "obaid": (("Obaid", "Ubaid"), ("عبید",)),
    "rafi": (("Rafi",), ("رفیع",)),
    "samad": (("Samad",), ("صمد",)),
    "shams": (("Shams",), ("شمس",)),
    "wakil": (("Wakil", "Vakil"), ("وکیل",)),
    "zalmai": (("Zalmai", "Zalmay"), ("زلمی",)),
    "taj": (("Taj",), ("تاج",)),
    "faiz": (("Faiz", "Fayz"), ("فیض",)),
    "hedayatullah": (("Hedayatullah", "Hidayatullah"), ("هدایت الله",)),
    "najibullah": (("Najibullah", "Najeebullah"), ("نجیب الله",)),
    "rahmatullah": (("Rahmatullah",), ("رحمت الله",)),
    "habibullah": (("Habibullah", "Habibulla"), ("حبیب الله",)),
    "saifullah": (("Saifullah", "Sayfullah"), ("سیف الله",)),
    "aminullah": (("Aminullah",), ("امین الله",)),
    "azizullah": (("Azizullah",), ("عزیز الله",)),
    "lutfullah": (("Lutfullah",), ("لطف الله",)),
    "mahmood": (("Mahmood", "Mahmud", "Mahmoud"), ("محمود",)),
    "mustafa": (("Mustafa", "Mostafa"), ("مصطفی",)),
    "murtaza": (("Murtaza", "Mortaza"), ("مرتضی",)),
    "mujtaba": (("Mujtaba", "Mojtaba"), ("مجتبی",)),
    "sadiq": (("Sadiq", "Sadeq"), ("صادق",)),
    "baqir": (("Baqir", "Baqer"), ("باقر",)),
    "jafar": (("Jafar", "Jaafar"), ("جعفر",)),
    "hashim": (("Hashim", "Hashem"), ("هاشم",)),
    "hamza": (("Hamza", "Hamzah"), ("حمزه",)),
    "zubair": (("Zubair", "Zobair"), ("زبیر",)),
    "sohail": (("Sohail", "Suhail"), ("سهیل",)),
    "shoaib": (("Shoaib", "Shuaib"), ("شعیب",)),
    "ajmal": (("Ajmal",), ("اجمل",)),
    "akbar": (("Akbar",), ("اکبر",)),
    "asghar": (("Asghar",), ("اصغر",)),
    "emal": (("Emal", "Aimal"), ("ایمل",)),
    "fawad": (("Fawad", "Fuad"), ("فواد",)),
    "ghafoor": (("Ghafoor", "Ghafur"), ("غفور",)),
    "hafiz": (("Hafiz", "Hafez"), ("حافظ",)),
    "jamshid": (("Jamshid", "Jamsheed"), ("جمشید",)),
    "kamal": (("Kamal",), ("کمال",)),
    "matin": (("Matin", "Mateen"), ("متین",)),
    "munir": (("Munir", "Muneer"), ("منیر",)),
    "nawid": (("Nawid", "Navid", "Naveed"), ("نوید",)),
    "qais": (("Qais", "Qays"), ("قیس",)),
    "rauf": (("Rauf", "Raouf"), ("رئوف",)),
    "sami": (("Sami", "Samee"), ("سمیع",)),
    "shakib": (("Shakib", "Shakeeb"), ("شکیب",)),
    "tamim": (("Tamim", "Tameem"), ("تمیم",)),
    "wasim": (("Wasim", "Waseem"), ("وسیم",)),
    "zaman": (("Zaman",), ("زمان",)),
    "nadir": (("Nadir", "Nader"), ("نادر",)),
    "ashraf": (("Ashraf",), ("اشرف",)),
    "bilal": (("Bilal", "Belal"), ("بلال",)),
    "haidar": (("Haidar", "Haider", "Hayder"), ("حیدر",)),
    "ilyas": (("Ilyas", "Elyas"), ("الیاس",)),
    "musa": (("Musa", "Moosa"), ("موسی",)),
    "isa": (("Isa", "Eisa"), ("عیسی",)),
    "nazar": (("Nazar",), ("نظر",)),
    "safar": (("Safar",), ("صفر",)),
    "yahya": (("Yahya",), ("یحیی",)),
    "zakaria": (("Zakaria", "Zakariya"), ("زکریا",)),
    "rasul": (("Rasul", "Rasool"), ("رسول",)),
    "shah": (("Shah",), ("شاه",)),
    "yar": (("Yar",), ("یار",)),
}

FEMALE_NAMES: dict[str, Spellings] = {
    "fatima": (("Fatima", "Fatema", "Fatemah"), ("فاطمه",)),
    "zahra": (("Zahra", "Zohra"), ("زهرا",)),
    "maryam": (("Maryam", "Mariam"), ("مریم",)),
    "khadija": (("Khadija", "Khadijah"), ("خدیجه",)),
    "aisha": (("Aisha", "Ayesha"), ("عایشه",)),
    "gulalai": (("Gulalai", "Gulalay"), ("گلالی",)),
    "shakila": (("Shakila", "Shakeela"), ("شکیله",)),
    "nasrin": (("Nasrin", "Nasreen"), ("نسرین",)),
    "parwin": (("Parwin", "Parveen"), ("پروین",)),
    "soraya": (("Soraya", "Suraya"), ("ثریا",)),
    "freshta": (("Freshta", "Fereshta"), ("فرشته",)),
    "laila": (("Laila", "Leila", "Layla"), ("لیلا",)),
    "nargis": (("Nargis", "Narges"), ("نرگس",)),
    "zainab": (("Zainab", "Zaynab"), ("زینب",)),
    "malalai": (("Malalai",), ("ملالی",)),
    "sima": (("Sima", "Seema"), ("سیما",)),
    "shirin": (("Shirin", "Shireen"), ("شیرین",)),
    "roya": (("Roya",), ("رویا",)),
    "homa": (("Homa", "Huma"), ("هما",)),
    "marzia": (("Marzia", "Marziya"), ("مرضیه",)),
    "hamida": (("Hamida", "Hameeda"), ("حمیده",)),
    "latifa": (("Latifa", "Lateefa"), ("لطیفه",)),
    "nadia": (("Nadia", "Nadiya"), ("نادیه",)),
    "najiba": (("Najiba", "Najeeba"), ("نجیبه",)),
    "sakina": (("Sakina", "Sakeena"), ("سکینه",)),
    "zarghuna": (("Zarghuna", "Zarghona"), ("زرغونه",)),
    "gulnaz": (("Gulnaz", "Golnaz"), ("گلناز",)),
    "farzana": (("Farzana",), ("فرزانه",)),
    "mahbooba": (("Mahbooba", "Mahbuba"), ("محبوبه",)),
    "palwasha": (("Palwasha",), ("پلوشه",)),
    "sharifa": (("Sharifa", "Shareefa"), ("شریفه",)),
    "halima": (("Halima", "Haleema"), ("حلیمه",)),
}

# Names that follow "Abdul" ("servant of the ..."), written as one word in
# Arabic script (عبدالرحمن) and either way in Latin script.
ABDUL_NAMES = (
    *("rahman", "rahim", "karim", "hamid", "wahid", "qadir", "latif", "ghafoor"),
    *("samad", "wakil", "jalil", "kabir", "majid", "aziz", "hakim", "rauf"),
    *("sami", "matin", "rashid", "qasim", "haidar", "nasir", "baqir", "hafiz"),
)
# Names that take "Ahmad" or "Mohammad" after them: Gul Ahmad, Dost Mohammad.
BEFORE_AHMAD = (
    *("gul", "noor", "bashir", "nazir", "zia", "farid", "jawed", "shir", "faiz"),
    *("kabir", "rashid", "jamil", "shakib", "munir", "nasir", "fahim", "sultan"),
)
BEFORE_MOHAMMAD = (
    *("dost", "gul", "noor", "shir", "taj", "faiz", "wali", "sultan", "nazar"),
    *("khan", "sayed", "mir", "shah", "ali", "yar"),
)
# Words that lead a given name: Ghulam Sakhi, Sayed Jafar, Mir Ahmad.
PREFIXES = ("ghulam", "sayed", "mir", "gul", "noor", "shah")
# How often each form of a man's given name occurs, in the order of the
# forms in ``Generator.given_name``.
GIVEN_NAME_FORMS = (0.22, 0.07, 0.06, 0.07, 0.08, 0.04, 0.46)
# Names too common or too grammatical to stand alone as a whole given name.
NOT_ALONE = frozenset({"abdul", "jan", "khan", "mohammad", "ghulam", "sayed", "shah"})

FAMILY_NAMES: tuple[Spellings, ...] = (
    (("Panjshiri",), ("پنجشیری",)),
    (("Ahmadzai",), ("احمدزی",)),
    (("Safi",), ("صافی",)),
    (("Rahimi", "Rahemi"), ("رحیمی",)),
    (("Karimi", "Karemi"), ("کریمی",)),
    (("Hashimi", "Hashemi"), ("هاشمی",)),
)

# How a list writes "son of" / "daughter of" when the father shares the cell.
LATIN_LINEAGE = {"m": ("s/o", "son of", "S/O"), "f": ("d/o", "daughter of")}
ARABIC_LINEAGE = {"m": ("ولد", "فرزند"), "f": ("بنت", "دختر")}
LATIN_SEXES = {"m": ("m", "M", "male"), "f": ("f", "F", "female")}
ARABIC_SEXES = {"m": ("مرد", "ذکور"), "f": ("زن",)}

FIRST_DAY = date(2021, 9, 5)
LAST_DAY = date(2021, 9, 20)

Script = Literal["latin", "arabic", "mixed"]
Name = tuple[str, ...]


@dataclass(frozen=True)
class Village:
    """A gazetteer place with its spellings and district."""

    latin: tuple[str, ...]
    arabic: tuple[str, ...]
    district: str


@dataclass(frozen=True)
class Person:
    """The truth about one person, before any list writes it."""

    key: int
    sex: str
    given: Name
    father: Name
    grandfather: Name
    family: int | None
    birth_year: int
    village: int
    last_seen_place: int
    last_seen_date: date


@dataclass(frozen=True)
class Style:
    """How one list writes people: its script, habits and carelessness.

    ``missing`` gives, per column, the share of rows that leave it empty;
    ``noise`` is the share of names with a slip of the pen.
    """

    script: Script = "latin"
    lineage_in_given: float = 0.0
    joined_compound: float = 0.2
    noise: float = 0.03
    age_error: float = 0.3
    approximate_age: float = 0.1
    birth_year_instead_of_age: float = 0.1
    missing: dict[str, float] = field(default_factory=dict)


# Typical shares of empty cells in lists drawn up in a hurry.
HURRIED: dict[str, float] = {
    "father_name": 0.08,
    "grandfather_name": 0.5,
    "sex": 0.1,
    "age": 0.15,
    "village": 0.08,
    "district": 0.3,
    "last_seen_place": 0.5,
    "last_seen_date": 0.3,
}

# A register kept where people are held or treated (a prison, a hospital)
# writes each person as the tazkira does, name, father's and grandfather's
# names, age, village and district, and leaves few of them empty.
REGISTERED: dict[str, float] = {
    "father_name": 0.02,
    "grandfather_name": 0.15,
    "sex": 0.02,
    "age": 0.05,
    "village": 0.03,
    "district": 0.1,
    "last_seen_place": 0.5,
    "last_seen_date": 0.3,
}


@dataclass
class Lists:
    """Rows written from people, and which person each row was written from.

    ``people`` are the people the list was drawn from, for another list to
    draw from the same ones (``requests_for``).
    """

    rows: list[dict[str, str]] = field(default_factory=list)
    person_of: dict[str, int] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)

    def add(self, row_id: str, person: Person, row: dict[str, str]) -> None:
        self.rows.append(row)
        self.person_of[row_id] = person.key


def load_villages() -> list[Village]:
    """Read the places of the shipped gazetteer file."""
    return [
        Village(
            latin=tuple(split_names(row["names_latin"]) or [row["asciiname"]]),
            arabic=tuple(split_names(row["names_arabic_script"])),
            district=row["district_geoboundaries_2014"],
        )
        for row in read_rows()
        if row["district_geoboundaries_2014"]
    ]


class Generator:
    """Draws people and writes them into lists, all from one seed."""

    def __init__(self, seed: int) -> None:
        # Test data needs a seeded generator, not secrets.
        self.rng = random.Random(seed)  # noqa: S311
        self.villages = load_villages()
        # Villages differ in size: a few large, many small.
        self.village_weights = [
            self.rng.lognormvariate(0.0, 0.9) for _ in self.villages
        ]
        self.male = list(MALE_NAMES)
        self.male_weights = _zipf(len(self.male), self.rng)
        self.female = list(FEMALE_NAMES)
        self.female_weights = _zipf(len(self.female), self.rng)
        self.keys = itertools.count(1)
        self.districts = {d.name: d for d in DISTRICTS}

    def people(self, count: int, *, male_share: float = 0.8) -> list[Person]:
        """Draw ``count`` different people, mostly young men by default."""
        return [self.person(male_share=male_share) for _ in range(count)]

    def person(self, *, male_share: float = 0.8) -> Person:
        rng = self.rng
        sex = "m" if rng.random() < male_share else "f"
        family_choice = rng.randrange(len(FAMILY_NAMES))
        family = family_choice if rng.random() < 0.1 else None
        village = rng.choices(range(len(self.villages)), self.village_weights)[0]
        age = min(int(rng.gammavariate(3.0, 9.0)) + 5, 90)
        seen = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
        place = village if rng.random() < 0.6 else rng.randrange(len(self.villages))
        return Person(
            key=next(self.keys),
            sex=sex,
            given=self.given_name(sex),
            father=self.given_name("m"),
            grandfather=self.given_name("m"),
            family=family,
            birth_year=seen.year - age,
            village=village,
            last_seen_place=place,
            last_seen_date=seen,
        )

    def given_name(self, sex: str) -> Name:
        rng = self.rng
        if sex == "f":
            return (rng.choices(self.female, self.female_weights)[0],)
        name = self._alone()
        forms: dict[str, Name] = {
            "Mohammad Aref": ("mohammad", name),
            "Gul Ahmad": (rng.choice(BEFORE_AHMAD), "ahmad"),
            "Dost Mohammad": (rng.choice(BEFORE_MOHAMMAD), "mohammad"),
            "Abdul Rahman": ("abdul", rng.choice(ABDUL_NAMES)),
            "Ghulam Sakhi": (rng.choice(PREFIXES), name),
            "Wali Jan": (name, rng.choice(("jan", "khan"))),
            "Aref": (name,),
        }
        return forms[rng.choices(list(forms), GIVEN_NAME_FORMS)[0]]

    def _alone(self) -> str:
        while True:
            name = self.rng.choices(self.male, self.male_weights)[0]
            if name not in NOT_ALONE:
                return name

    def write(self, person: Person, row_id: str, style: Style) -> dict[str, str]:
        """Write one person as a row of a list of the given style."""
        rng = self.rng
        arabic = style.script == "arabic" or (
            style.script == "mixed" and rng.random() < 0.5
        )
        given = self.spell(person.given, arabic, style)
        father = self.spell(person.father, arabic, style)
        row = {
            "id": row_id,
            "given_name": given,
            "father_name": father,
            "grandfather_name": self.spell(person.grandfather, arabic, style),
            "family_name": self._family(person, arabic),
            "sex": self._sex(person.sex, arabic),
            "age": "",
            "birth_year": "",
            "village": self._place(person.village, arabic),
            "district": self._district(person.village, arabic),
            "last_seen_place": self._place(person.last_seen_place, arabic),
            "last_seen_date": self._date(person.last_seen_date),
        }
        self._years(person, row, style)
        for column, share in style.missing.items():
            if rng.random() < share:
                row[column] = ""
        if row["father_name"] and rng.random() < style.lineage_in_given:
            words = ARABIC_LINEAGE if arabic else LATIN_LINEAGE
            word = rng.choice(words[person.sex])
            row["given_name"] = f"{given} {word} {row['father_name']}"
            row["father_name"] = ""
        return row

    def spell(self, name: Name, arabic: bool, style: Style) -> str:
        """Write a name in one script, as some clerk would."""
        rng = self.rng
        words = []
        for part in name:
            latin, arabic_forms = MALE_NAMES.get(part) or FEMALE_NAMES[part]
            forms = arabic_forms if arabic else latin
            # The first spelling is the most common one.
            words.append(forms[0] if rng.random() < 0.5 else rng.choice(forms))
        if arabic and name[0] == "abdul":
            text = words[0] + words[1].removeprefix("ال").removeprefix("ا")
        elif not arabic and len(words) > 1 and rng.random() < style.joined_compound:
            text = words[0] + words[1].lower()
        else:
            text = " ".join(words)
        if rng.random() < style.noise:
            text = _slip(text, rng)
        return text

    def _family(self, person: Person, arabic: bool) -> str:
        if person.family is None or self.rng.random() < 0.5:
            return ""
        latin, arabic_forms = FAMILY_NAMES[person.family]
        return self.rng.choice(arabic_forms if arabic else latin)

    def _sex(self, sex: str, arabic: bool) -> str:
        return self.rng.choice((ARABIC_SEXES if arabic else LATIN_SEXES)[sex])

    def _place(self, index: int, arabic: bool) -> str:
        village = self.villages[index]
        forms = village.arabic if arabic and village.arabic else village.latin
        return forms[0] if self.rng.random() < 0.5 else self.rng.choice(forms)

    def _district(self, index: int, arabic: bool) -> str:
        name = self.villages[index].district
        district = self.districts.get(name)
        if district is None:
            return name
        if arabic:
            return district.other_names[-1]
        return self.rng.choice((name, *district.other_names[:-1]))

    def _date(self, seen: date) -> str:
        shift = self.rng.choice((0, 0, 0, 0, 1, -1, 2))
        return (seen + timedelta(days=shift)).isoformat()

    def _years(self, person: Person, row: dict[str, str], style: Style) -> None:
        rng = self.rng
        age = person.last_seen_date.year - person.birth_year
        if rng.random() < style.age_error:
            age = max(age + rng.choice((-2, -1, 1, 2)), 0)
        if rng.random() < style.birth_year_instead_of_age:
            row["birth_year"] = str(person.birth_year + rng.choice((0, 0, 1, -1)))
        elif rng.random() < style.approximate_age:
            row["age"] = f"~{round(age, -1) if age > 25 else age}"
        else:
            row["age"] = str(age)


def duplicated_list(
    generator: Generator,
    count: int,
    *,
    duplicate_share: float,
    styles: Sequence[Style],
    prefix: str = "r",
) -> Lists:
    """One list of ``count`` rows in which some people appear two or more times.

    Each row takes one of ``styles`` at random, as a list merged from
    several sources would.
    """
    rng = generator.rng
    lists = Lists()
    people = lists.people
    for number in range(1, count + 1):
        if people and rng.random() < duplicate_share:
            person = rng.choice(people)
        else:
            person = generator.person()
            people.append(person)
        row_id = f"{prefix}{number}"
        lists.add(row_id, person, generator.write(person, row_id, rng.choice(styles)))
    return lists


def requests_for(
    generator: Generator,
    people: Sequence[Person],
    count: int,
    *,
    found_share: float,
    styles: Sequence[Style],
    prefix: str = "q",
) -> Lists:
    """A list of ``count`` tracing requests, some for people in ``people``.

    A share ``found_share`` of requests seek someone of ``people`` (a list
    they should be found in); the others seek people on no list.
    """
    rng = generator.rng
    lists = Lists()
    for number in range(1, count + 1):
        found = bool(people) and rng.random() < found_share
        person = rng.choice(people) if found else generator.person()
        lists.people.append(person)
        row_id = f"{prefix}{number}"
        lists.add(row_id, person, generator.write(person, row_id, rng.choice(styles)))
    return lists


def overlapping_lists(
    generator: Generator,
    count_a: int,
    count_b: int,
    *,
    overlap: float,
    styles_a: Sequence[Style],
    styles_b: Sequence[Style],
) -> tuple[Lists, Lists]:
    """Two lists of one valley's people; ``overlap`` of the shorter in both.

    Each person is written once in each list they are on (rows "a1"...,
    "b1"...), in one of the list's styles at random, and the rows of each
    list come in random order, as two organisations' lists would.
    """
    rng = generator.rng
    shared = int(min(count_a, count_b) * overlap)
    both = generator.people(shared)
    only_a = generator.people(count_a - shared)
    only_b = generator.people(count_b - shared)
    written: list[Lists] = []
    for prefix, people, styles in (
        ("a", [*both, *only_a], styles_a),
        ("b", [*both, *only_b], styles_b),
    ):
        rng.shuffle(people)
        lists = Lists(people=people)
        for number, person in enumerate(people, start=1):
            row_id = f"{prefix}{number}"
            style = rng.choice(styles)
            lists.add(row_id, person, generator.write(person, row_id, style))
        written.append(lists)
    return written[0], written[1]


def namesakes(people: Iterable[Person], *, years: int = 2) -> set[int]:
    """Keys of people who share given, father's name and village with another.

    Only those born within ``years`` of each other count: lists leave the
    grandfather out about half the time, and then no reader of the lists
    could tell two such people apart.
    """
    groups: dict[tuple[Name, Name, int], list[Person]] = {}
    for person in people:
        groups.setdefault((person.given, person.father, person.village), []).append(
            person
        )
    keys: set[int] = set()
    for group in groups.values():
        for one, other in itertools.combinations(group, 2):
            if one.key != other.key and abs(one.birth_year - other.birth_year) <= years:
                keys.update((one.key, other.key))
    return keys


def true_pairs(person_of: dict[str, int]) -> set[tuple[str, str]]:
    """Every pair of rows of one list written from the same person."""
    by_person: dict[int, list[str]] = {}
    for row_id, key in person_of.items():
        by_person.setdefault(key, []).append(row_id)
    return {
        _ordered(a, b)
        for rows in by_person.values()
        for a, b in itertools.combinations(rows, 2)
    }


def true_links(
    person_of_a: dict[str, int], person_of_b: dict[str, int]
) -> set[tuple[str, str]]:
    """Every pair (row of A, row of B) written from the same person."""
    rows_of_b: dict[int, list[str]] = {}
    for row_id, key in person_of_b.items():
        rows_of_b.setdefault(key, []).append(row_id)
    return {(a, b) for a, key in person_of_a.items() for b in rows_of_b.get(key, ())}


def write_csv(path: Path, rows: Iterable[dict[str, str]]) -> None:
    """Write rows as a UTF-8 CSV file with sabt's column names."""
    iterator: Iterator[dict[str, str]] = iter(rows)
    first = next(iterator, None)
    with path.open("w", encoding="utf-8", newline="") as handle:
        if first is None:
            return
        writer = csv.DictWriter(handle, fieldnames=list(first))
        writer.writeheader()
        writer.writerow(first)
        writer.writerows(iterator)


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _zipf(count: int, rng: random.Random) -> list[float]:
    """Weights for names: a few very common, a long tail of rarer ones."""
    ranks = list(range(1, count + 1))
    rng.shuffle(ranks)
    return [1.0 / rank**0.7 for rank in ranks]


def _slip(text: str, rng: random.Random) -> str:
    """One slip of the pen: a letter dropped, doubled or swapped."""
    letters = [i for i, char in enumerate(text) if char.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:-1])
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
