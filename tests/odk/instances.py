"""Submissions of sabt's own forms, written as ODK Collect writes them.

``incident_xml`` fills the incident report the way a phone would (the
element names are those of the XForm ``sabt forms build`` writes);
``encrypt_folder`` encrypts a submission folder to a public key exactly as
ODK Collect does, so the import's decryption is tested on new submissions
as well as on Briefcase's own.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from cryptography.hazmat.decrepit.ciphers.modes import CFB
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import MGF1, OAEP
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

from sabt.odk.forms.incident import FORM_ID

OAEP_SHA256 = OAEP(mgf=MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
# A JPEG's first bytes: enough for a media type, not an image anyone can open.
PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4


def incident_xml(
    instance_id: str,
    *,
    form_id: str = FORM_ID,
    place: str = "geonames_1429434",
    place_other: str = "",
    event_type: str = "violence_against_civilians",
    photo: str = "1638000000000.jpg",
    title: str = "Men taken from Bazarak",
    killed_max: str = "3",
    deprecated_id: str = "",
    more_acts: str = "",
) -> bytes:
    acts = (
        "<acts><act_type>killing</act_type><victim_name>مریم</victim_name>"
        "<victim_father>احمد</victim_father><victim_grandfather>محمود</victim_grandfather>"
        "<victim_sex>female</victim_sex><victim_age>27</victim_age>"
        "<victim_group/><victim_count_min/><victim_count_max/>"
        "<victims_are_children>no</victims_are_children><act_perpetrator/></acts>"
        "<acts><act_type>arbitrary_detention</act_type><victim_name/>"
        "<victim_father/><victim_grandfather/><victim_sex/><victim_age/>"
        "<victim_group>men of the village</victim_group>"
        "<victim_count_min>12</victim_count_min><victim_count_max>20</victim_count_max>"
        "<victims_are_children>no</victims_are_children><act_perpetrator/></acts>"
        f"{more_acts}"
    )
    deprecated = (
        f"<deprecatedID>{deprecated_id}</deprecatedID>" if deprecated_id else ""
    )
    body = (
        f'<data id="{form_id}" version="2026120301" '
        'xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms">'
        "<start>2026-11-30T10:00:00.000+04:30</start>"
        "<end>2026-11-30T10:20:00.000+04:30</end>"
        "<deviceid>collect:Xq2fTzR8sB1</deviceid>"
        f"<title>{escape(title)}</title>"
        f"<event_type>{event_type}</event_type><sub_event_type>attack</sub_event_type>"
        "<date_from>2021-09-10</date_from><date_precision>day</date_precision><date_to/>"
        f"<place>{place}</place><place_other>{escape(place_other)}</place_other>"
        "<place_other_district/>"
        "<location>35.3128 69.5226 2100 5</location>"
        f"<counts><killed_min>1</killed_min><killed_max>{killed_max}</killed_max>"
        "<injured_min/><injured_max/><detained_min>12</detained_min>"
        "<detained_max>20</detained_max><displaced_min/><displaced_max/></counts>"
        "<perpetrator>Taliban</perpetrator>"
        "<description>They came at dawn.</description>"
        f"{acts}<photo>{photo}</photo>"
        f"<meta><instanceID>{instance_id}</instanceID>{deprecated}"
        "<instanceName>Men taken from Bazarak — 2021-09-10</instanceName></meta>"
        "</data>"
    )
    return body.encode("utf-8")


def write_submission(
    folder: Path, xml: bytes, media: dict[str, bytes] | None = None
) -> Path:
    folder.mkdir(parents=True)
    (folder / "submission.xml").write_bytes(xml)
    for name, data in (media or {}).items():
        (folder / name).write_bytes(data)
    return folder


def encrypt_folder(
    folder: Path, public_key: rsa.RSAPublicKey, *, form_id: str, instance_id: str
) -> None:
    """Encrypt the folder in place as Collect does; only the manifest stays readable."""
    key = os.urandom(32)
    seed = bytearray(hashlib.md5(instance_id.encode() + key).digest())  # noqa: S324
    media = sorted(p for p in folder.iterdir() if p.name != "submission.xml")
    plain = [*media, folder / "submission.xml"]
    lines = [form_id, "2026120301"]
    encrypted_key = base64.b64encode(public_key.encrypt(key, OAEP_SHA256)).decode()
    lines += [encrypted_key, instance_id]
    for counter, path in enumerate(plain):
        seed[counter % 16] = (seed[counter % 16] + 1) % 256
        data = path.read_bytes()
        lines.append(f"{path.name}::{hashlib.md5(data).hexdigest()}")  # noqa: S324
        padder = padding.PKCS7(128).padder()
        encryptor = Cipher(algorithms.AES(key), CFB(bytes(seed))).encryptor()
        padded = padder.update(data) + padder.finalize()
        (folder / f"{path.name}.enc").write_bytes(
            encryptor.update(padded) + encryptor.finalize()
        )
        path.unlink()
    digest = hashlib.md5(("\n".join(lines) + "\n").encode()).digest()  # noqa: S324
    signature = base64.b64encode(public_key.encrypt(digest, OAEP_SHA256)).decode()
    files = "".join(f"<media><file>{p.name}.enc</file></media>" for p in media)
    manifest = (
        f'<data id="{form_id}" version="2026120301" encrypted="yes" '
        'xmlns="http://opendatakit.org/submissions">'
        f"<base64EncryptedKey>{encrypted_key}</base64EncryptedKey>"
        '<orx:meta xmlns:orx="http://openrosa.org/xforms">'
        f"<orx:instanceID>{instance_id}</orx:instanceID></orx:meta>"
        f"{files}<encryptedXmlFile>submission.xml.enc</encryptedXmlFile>"
        f"<base64EncryptedElementSignature>{signature}</base64EncryptedElementSignature>"
        "</data>"
    )
    (folder / "submission.xml").write_text(manifest, encoding="utf-8")


def instance_xml(form_id: str, instance_id: str, answers: dict[str, str]) -> bytes:
    """A submission of a form without repeats; ``answers`` keyed ``group/name``."""
    root: dict[str, Any] = {}
    for path, value in answers.items():
        node = root
        *groups, name = path.split("/")
        for group in groups:
            node = node.setdefault(group, {})
        node[name] = value
    root["meta"] = {"instanceID": instance_id}
    body = _elements(root)
    return f'<data id="{form_id}" version="2026120301">{body}</data>'.encode()


def _elements(node: dict[str, Any]) -> str:
    parts = []
    for name, value in node.items():
        inner = _elements(value) if isinstance(value, dict) else escape(value)
        parts.append(f"<{name}>{inner}</{name}>")
    return "".join(parts)


TESTIMONY = {
    "start": "2026-11-30T11:00:00.000+04:30",
    "end": "2026-11-30T11:40:00.000+04:30",
    "deviceid": "collect:Xq2fTzR8sB1",
    "source/kind": "witness",
    "source/pseudonym": "Witness B-7",
    "source/real_name": "گل احمد",
    "source/contact": "+93 70 000 0000",
    "consent/name_to": "nobody",
    "consent/account_to": "un_courts",
    "consent/how": "in_person",
    "language": "fa",
    "account": "صبح وقت آمدند و مردان را بردند.",
    "translation": "They came early in the morning and took the men.",
    "stance": "alleges",
    "made_on": "2021-09-20",
    "photo": "",
    "audio": "1638000000001.m4a",
    "video": "",
}
TRACING_REQUEST = {
    "start": "2026-11-30T12:00:00.000+04:30",
    "end": "2026-11-30T12:15:00.000+04:30",
    "deviceid": "collect:Xq2fTzR8sB1",
    "enquirer/name": "فاطمه",
    "enquirer/contact": "+93 79 000 0000",
    "enquirer/relationship": "mother",
    "enquirer/consent_to_share": "yes",
    "sought/person_name": "Rahim",
    "sought/person_father": "Karim",
    "sought/person_grandfather": "Nasim",
    "sought/person_sex": "male",
    "sought/person_age": "24",
    "last_seen/place": "geonames_1429434",
    "last_seen/place_other": "",
    "last_seen/date": "2021-09-10",
    "last_seen/taken_by": "Taliban fighters",
    "last_seen/taken_to": "Bazarak",
    "last_seen/circumstances": "Taken from the bazaar.",
}
LIST_ENTRY = {
    "start": "2026-11-30T13:00:00.000+04:30",
    "end": "2026-11-30T13:05:00.000+04:30",
    "deviceid": "collect:Xq2fTzR8sB1",
    "list_kind": "burials",
    "list_name": "Bazarak mosque, burials, Sept. 2021",
    "person_name": "Rahim",
    "person_father": "Karim",
    "person_grandfather": "Nasim",
    "person_sex": "male",
    "person_age": "24",
    "status": "deceased",
    "place": "other",
    "place_other": "Dashtak graveyard",
    "date": "2021-09-12",
    "notes": "Line 14 of the register.",
    "photo": "1638000000002.jpg",
}


def incident_export(path: Path, instance_id: str) -> Path:
    """A CSV zip of one incident report, laid out as ODK Central exports it."""
    main = {
        "SubmissionDate": "2026-11-30T06:00:00.000Z",
        "start": "2026-11-30T10:00:00.000+04:30",
        "end": "2026-11-30T10:20:00.000+04:30",
        "deviceid": "collect:Xq2fTzR8sB1",
        "title": "Men taken from Bazarak",
        "event_type": "violence_against_civilians",
        "sub_event_type": "attack",
        "date_from": "2021-09-10",
        "date_precision": "day",
        "date_to": "",
        "place": "geonames_1429434",
        "place_other": "",
        "place_other_district": "",
        "location-Latitude": "35.3128",
        "location-Longitude": "69.5226",
        "location-Altitude": "2100",
        "location-Accuracy": "5",
        "counts-killed_min": "1",
        "counts-killed_max": "3",
        "perpetrator": "Taliban",
        "description": "They came at dawn.",
        "photo": "1638000000000.jpg",
        "meta-instanceID": instance_id,
        "KEY": instance_id,
        "DeviceID": "collect:Xq2fTzR8sB1",
    }
    acts = [
        {
            "act_type": "killing",
            "victim_name": "مریم",
            "victim_father": "احمد",
            "victim_grandfather": "محمود",
            "victim_sex": "female",
            "victim_age": "27",
            "PARENT_KEY": instance_id,
            "KEY": f"{instance_id}/acts[1]",
        },
        {
            "act_type": "arbitrary_detention",
            "victim_group": "men of the village",
            "victim_count_min": "12",
            "victim_count_max": "20",
            "PARENT_KEY": instance_id,
            "KEY": f"{instance_id}/acts[2]",
        },
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{FORM_ID}.csv", _csv([main]))
        archive.writestr(f"{FORM_ID}-acts.csv", _csv(acts))
        archive.writestr("media/1638000000000.jpg", PHOTO)
    return path


def _csv(rows: list[dict[str, str]]) -> str:
    header = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
