"""Reading an uploaded zip without trusting it.

Nothing is extracted to disk: entries are read into memory, each under its
cap, so a hostile archive can neither write outside a folder (zip slip) nor
expand without bound (zip bomb). Names are still checked, so an export that
tries either is refused as a whole rather than read in part.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from sabt.odk.errors import OdkError
from sabt.odk.limits import Limits, megabytes

_CHUNK = 1024 * 1024


class SafeZip:
    """The entries of one zip file, checked before any is read."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.name = path.name
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise OdkError(f"{path.name} is not a zip file: {exc}") from exc
        infos = [info for info in self._zip.infolist() if not info.is_dir()]
        if len(infos) > limits.max_entries:
            raise OdkError(
                f"{path.name} holds {len(infos)} files, more than the "
                f"{limits.max_entries} an export may hold"
            )
        total = 0
        for info in infos:
            _check_name(path.name, info.filename)
            _check_ratio(path.name, info, limits)
            total += info.file_size
        if total > limits.max_total_bytes:
            raise OdkError(
                f"{path.name} expands to {megabytes(total)}, over the cap of "
                f"{megabytes(limits.max_total_bytes)}; refused as a zip bomb"
            )
        self.entries = {info.filename: info for info in infos}

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def size(self, name: str) -> int:
        return self.entries[name].file_size

    def read(self, name: str, cap: int) -> bytes:
        """An entry's bytes, refused past ``cap`` whatever its header claims."""
        info = self.entries[name]
        if info.file_size > cap:
            raise OdkError(
                f"{name} is {megabytes(info.file_size)}, over the cap of "
                f"{megabytes(cap)}"
            )
        chunks: list[bytes] = []
        read = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    read += len(chunk)
                    if read > cap:
                        raise OdkError(
                            f"{name} expands past the cap of {megabytes(cap)}; "
                            "refused as a zip bomb"
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise OdkError(f"{self.name}: {name} is damaged: {exc}") from exc
        return b"".join(chunks)


def _check_name(archive: str, name: str) -> None:
    path = PurePosixPath(name)
    bad = (
        "\\" in name
        or "\x00" in name
        or path.is_absolute()
        or ".." in path.parts
        or (len(name) > 1 and name[1] == ":")
    )
    if bad:
        raise OdkError(
            f"{archive}: the entry {name!r} points outside the export (zip slip); "
            "refused, nothing read"
        )


def _check_ratio(archive: str, info: zipfile.ZipInfo, limits: Limits) -> None:
    if info.file_size < _CHUNK:
        return
    ratio = info.file_size / max(info.compress_size, 1)
    if ratio > limits.max_ratio:
        raise OdkError(
            f"{archive}: {info.filename} expands {ratio:.0f} times "
            f"({megabytes(info.file_size)}); refused as a zip bomb"
        )
