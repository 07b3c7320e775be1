"""Install media: read an ISO's primary volume descriptor and find its OS in osinfo-db.

The ISO 9660 primary volume descriptor sits at sector 16 (byte 32768); its system id,
volume id, publisher id and application id are what osinfo-db's ``<media><iso>`` patterns
(regular expressions, searched, case-sensitive as libosinfo does) are matched against. A
pattern matches when every field it names matches. Similar releases share patterns
(Windows 10 and 11 install DVDs have the same volume ids), so :func:`detect` returns every
candidate and says when the answer is ambiguous: the user always has the last word.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from kvmdesk.core.create.osinfo import MediaPattern, OsDatabase, OsEntry
from kvmdesk.core.types.errors import BadInput

SECTOR = 2048
PVD_OFFSET = 16 * SECTOR
# Architectures whose media can install on an x86_64 host (i686 media installs there too,
# but is ranked after x86_64 media of the same OS).
_ARCH_RANK = {"x86_64": 0, "all": 1, "i686": 2, "i386": 2}


@dataclass(frozen=True, slots=True)
class VolumeDescriptor:
    """The identifying fields of an ISO's primary volume descriptor, trailing blanks cut."""

    system_id: str = ""
    volume_id: str = ""
    publisher_id: str = ""
    application_id: str = ""


@dataclass(frozen=True, slots=True)
class Detection:
    """What the media looks like: the candidates, best first, and whether that is certain."""

    descriptor: VolumeDescriptor | None
    candidates: tuple[OsEntry, ...] = ()

    @property
    def best(self) -> OsEntry | None:
        return self.candidates[0] if self.candidates else None

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    @property
    def found(self) -> bool:
        return bool(self.candidates)


def _field(block: bytes, start: int, end: int) -> str:
    return block[start:end].decode("latin-1").rstrip(" \0")


def parse_volume_descriptor(block: bytes) -> VolumeDescriptor | None:
    """The primary volume descriptor in ``block`` (one 2048-byte sector), or None."""
    if len(block) < 702 or block[0] != 1 or block[1:6] != b"CD001":
        return None
    return VolumeDescriptor(
        system_id=_field(block, 8, 40),
        volume_id=_field(block, 40, 72),
        publisher_id=_field(block, 318, 446),
        application_id=_field(block, 574, 702),
    )


def read_volume_descriptor(path: Path) -> VolumeDescriptor | None:
    """The ISO's primary volume descriptor; None when ``path`` is not an ISO 9660 image."""
    try:
        with open(path, "rb") as handle:
            handle.seek(PVD_OFFSET)
            block = handle.read(SECTOR)
    except FileNotFoundError:
        raise BadInput(f"no such file: {path}") from None
    except IsADirectoryError:
        raise BadInput(f"a folder, not an ISO file: {path}") from None
    except PermissionError:
        raise BadInput(f"cannot read {path}: permission denied") from None
    return parse_volume_descriptor(block)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str] | None:
    # osinfo-db holds thousands of patterns, more than the re module's own cache.
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _matches(pattern: str, value: str) -> bool:
    if not pattern:
        return True
    compiled = _compiled(pattern)
    return compiled is not None and compiled.search(value) is not None


def pattern_matches(media: MediaPattern, descriptor: VolumeDescriptor) -> int:
    """How many fields of ``media`` match (0 = it does not match)."""
    pairs = (
        (media.volume_id, descriptor.volume_id),
        (media.system_id, descriptor.system_id),
        (media.publisher_id, descriptor.publisher_id),
        (media.application_id, descriptor.application_id),
    )
    named = [(pattern, value) for pattern, value in pairs if pattern]
    if not named or not all(_matches(pattern, value) for pattern, value in named):
        return 0
    return len(named)


def detect(descriptor: VolumeDescriptor | None, database: OsDatabase) -> Detection:
    """Every OS whose media patterns match, best first (most fields, x86_64, newest)."""
    if descriptor is None:
        return Detection(None)
    scored: list[tuple[int, int, int, str, OsEntry]] = []
    for entry in database.entries.values():
        best: tuple[int, int] | None = None
        for media in entry.media:
            rank = _ARCH_RANK.get(media.arch)
            if rank is None:
                continue
            fields = pattern_matches(media, descriptor)
            if fields and (best is None or (-fields, rank) < best):
                best = (-fields, rank)
        if best is not None:
            released = entry.release_date.toordinal() if entry.release_date else 0
            scored.append((best[0], best[1], -released, entry.name, entry))
    scored.sort(key=lambda item: item[:4])
    return Detection(descriptor, tuple(item[4] for item in scored))


def detect_file(path: Path, database: OsDatabase) -> Detection:
    """:func:`detect` on the file's volume descriptor (no candidates for a non-ISO file)."""
    return detect(read_volume_descriptor(path), database)
