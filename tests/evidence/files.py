"""Real evidence files for the tests, made on the spot and deterministic.

Photos carry real EXIF (Pillow), documents real PDF metadata (pypdf), videos
come from ffmpeg's test sources, and C2PA manifests are signed with a test
certificate authority generated here with ``cryptography`` (a dependency of
c2pa-python), so nothing is fetched and no key is kept in the repository.
"""

from __future__ import annotations

import datetime
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import ExifTags, Image, ImageDraw
from PIL.TiffImagePlugin import IFDRational
from pypdf import PdfWriter

# Bazarak, Panjshir: 35°18'36" N, 69°31'12" E = 35.31, 69.52.
BAZARAK_DMS = ((35.0, 18.0, 36.0), (69.0, 31.0, 12.0))

# Two layouts of shapes on a gradient: phash needs low-frequency structure,
# which flat noise or a blank page does not have.
Shape = tuple[str, Any, tuple[int, int, int]]
SCENE_MARKET: list[Shape] = [
    ("ellipse", (60, 60, 260, 220), (200, 40, 40)),
    ("rectangle", (350, 80, 590, 200), (30, 30, 120)),
    ("polygon", [(100, 450), (300, 280), (420, 450)], (240, 220, 60)),
    ("ellipse", (460, 300, 600, 440), (20, 140, 60)),
]
SCENE_BRIDGE: list[Shape] = [
    ("rectangle", (40, 260, 300, 460), (20, 20, 20)),
    ("ellipse", (380, 30, 620, 250), (250, 250, 250)),
    ("polygon", [(60, 40), (320, 60), (180, 220)], (30, 160, 200)),
    ("rectangle", (420, 320, 600, 400), (180, 60, 160)),
]


def scene(
    shapes: list[Shape], seed: int, size: tuple[int, int] = (640, 480)
) -> Image.Image:
    """A photo-like picture: gradient, shapes, and seeded sensor noise."""
    width, height = size
    y, x = np.mgrid[0:height, 0:width]
    gradient = np.stack(
        [120 + 80 * x / width, 90 + 100 * y / height, 160 - 60 * x / width], axis=-1
    )
    image = Image.fromarray(gradient.astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for kind, box, fill in shapes:
        getattr(draw, kind)(box, fill=fill)
    noise = np.random.default_rng(seed).normal(0, 12, (height, width, 3))
    pixels = np.asarray(image).astype(np.int16) + noise.astype(np.int16)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def write_photo(
    path: Path,
    *,
    position: tuple[Any, Any] | None = BAZARAK_DMS,
    refs: tuple[str, str] = ("N", "E"),
    altitude: float | None = None,
    taken: str = "2021:09:10 06:00:00",
    offset: str | None = None,
) -> Path:
    """Write a JPEG with camera EXIF, DateTimeOriginal and GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "Canon EOS 80D"
    exif[ExifTags.Base.Software] = "Firmware Version 1.0.2"
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = taken
    if offset is not None:
        details[ExifTags.Base.OffsetTimeOriginal] = offset
    if position is not None:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = refs[0]
        gps[ExifTags.GPS.GPSLatitude] = position[0]
        gps[ExifTags.GPS.GPSLongitudeRef] = refs[1]
        gps[ExifTags.GPS.GPSLongitude] = position[1]
        if altitude is not None:
            gps[ExifTags.GPS.GPSAltitudeRef] = b"\x01" if altitude < 0 else b"\x00"
            gps[ExifTags.GPS.GPSAltitude] = IFDRational(abs(altitude))
    scene(SCENE_MARKET, seed=1).save(path, "JPEG", quality=90, exif=exif)
    return path


def write_bomb_png(
    path: Path, width: int, height: int, *, rgba: bool = False, camera: str = ""
) -> Path:
    """Write a one-colour PNG that is tiny on disk and huge decoded.

    Written chunk by chunk, each row compressed as it is made, so making a
    30000x30000 bomb takes a few MB. Pixels are 1 bit grey (Pillow decodes
    them to a byte each) or 8-bit RGBA (4 bytes each). With ``camera``, an
    eXIf chunk naming that camera maker follows the pixels, where Pillow's
    own ``getexif`` looks only after decoding them.
    """
    if rgba:
        colour_type, depth, row_bytes = 6, 8, width * 4
    else:
        colour_type, depth, row_bytes = 0, 1, -(-width // 8)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0)
    row = bytes(1 + row_bytes)  # filter type 0, then zeros
    packer = zlib.compressobj(9)
    with path.open("wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header))
        for _ in range(height):
            if packed := packer.compress(row):
                handle.write(chunk(b"IDAT", packed))
        handle.write(chunk(b"IDAT", packer.flush()))
        if camera:
            exif = Image.Exif()
            exif[ExifTags.Base.Make] = camera
            handle.write(chunk(b"eXIf", exif.tobytes()))
        handle.write(chunk(b"IEND", b""))
    return path


def write_pdf(path: Path, *, password: str | None = None) -> Path:
    """Write a two-page PDF with document information."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata(
        {
            "/Title": "Witness statement 17",
            "/Author": "Field team 3",
            "/Creator": "Writer",
            "/Producer": "LibreOffice 7.4",
            "/CreationDate": "D:20210910060000Z",
            "/ModDate": "D:20210911093000+04'30'",
        }
    )
    if password is not None:
        writer.encrypt(user_password=password, algorithm="AES-256")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def ffmpeg() -> str:
    """Path to ffmpeg, or skip the test that needs it."""
    found = shutil.which("ffmpeg")
    if found is None or shutil.which("ffprobe") is None:
        pytest.skip("ffmpeg/ffprobe not installed: video files cannot be made or read")
    return found


def write_video(
    path: Path,
    *,
    source: str = "testsrc",
    seconds: int = 1,
    size: str = "160x120",
    metadata: bool = True,
) -> Path:
    """Write an MP4 from one of ffmpeg's test sources, tagged like a phone's."""
    command = [ffmpeg(), "-v", "error", "-nostdin", "-f", "lavfi"]
    command += ["-i", f"{source}=duration={seconds}:size={size}:rate=10"]
    if metadata:
        command += ["-metadata", "creation_time=2021-09-10T06:00:00Z"]
        command += ["-metadata", "location=+35.3100+069.5200/"]
    command += ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-y", str(path)]
    subprocess.run(command, check=True)
    return path


def reencode_video(source: Path, target: Path, *, size: str, crf: int) -> Path:
    """Re-encode a video smaller and worse, as a sharing platform would."""
    command = [ffmpeg(), "-v", "error", "-nostdin", "-i", str(source)]
    command += ["-vf", f"scale={size}", "-c:v", "libx264", "-crf", str(crf)]
    command += ["-pix_fmt", "yuv420p", "-y", str(target)]
    subprocess.run(command, check=True)
    return target


def c2pa_signer() -> Any:
    """A c2pa Signer whose ES256 certificate a throwaway test CA issued.

    C2PA refuses self-signed signing certificates, so a CA signs a leaf with
    digitalSignature use and the emailProtection purpose. Nothing trusts the
    CA, so readers report ``signingCredential.untrusted``, as for any signer
    outside the C2PA trust list.
    """
    c2pa = pytest.importorskip("c2pa")
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization  # noqa: PLC0415
    from cryptography.hazmat.primitives.asymmetric import ec  # noqa: PLC0415
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID  # noqa: PLC0415

    def name(common_name: str) -> Any:
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sabt Test"),
            ]
        )

    def usage(*, ca: bool) -> Any:
        return x509.KeyUsage(
            digital_signature=True,
            key_cert_sign=ca,
            crl_sign=ca,
            content_commitment=False,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            encipher_only=False,
            decipher_only=False,
        )

    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    end = start + datetime.timedelta(days=3650)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(name("Sabt Test CA"))
        .issuer_name(name("Sabt Test CA"))
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage(ca=True), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name("Sabt Test Signer"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage(ca=False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    chain = cert.public_bytes(pem) + ca_cert.public_bytes(pem)
    private = key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    info = c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, chain, private, None)
    return c2pa.Signer.from_info(info)


def sign_c2pa(source: Path, target: Path) -> Path:
    """Copy a JPEG with a signed C2PA manifest saying it was captured."""
    c2pa = pytest.importorskip("c2pa")
    manifest = {
        "claim_generator_info": [{"name": "sabt-tests", "version": "1.0"}],
        "title": source.name,
        "format": "image/jpeg",
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [
                        {
                            "action": "c2pa.created",
                            "digitalSourceType": "http://cv.iptc.org/newscodes/"
                            "digitalsourcetype/digitalCapture",
                        }
                    ]
                },
            }
        ],
    }
    with (
        c2pa.Builder(manifest) as builder,
        source.open("rb") as src,
        target.open("w+b") as dst,
    ):
        builder.sign(c2pa_signer(), "image/jpeg", src, dst)
    return target
