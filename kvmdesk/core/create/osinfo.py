"""The OS database: Debian's ``osinfo-db`` (XML under ``/usr/share/osinfo``) read with lxml.

Each ``<os>`` becomes an :class:`OsEntry`: its id, short ids, name, family, release date,
install-media patterns, minimum and recommended resources, the devices it supports (virtio
among them) and what firmware it takes. ``derives-from`` is followed the way libosinfo
does: devices are inherited (a nearer ``supported='false'`` wins), resources too when the
entry has none of its own or says ``inherit='true'``.

osinfo-db has no words for TPM 2.0 or Secure Boot in the release Debian 12 ships; the few
OSes known to need them are listed here (:data:`NEEDS_TPM`, :data:`NEEDS_SECURE_BOOT`).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

OSINFO_ROOT = Path("/usr/share/osinfo")
GIB = 1024**3

# PCI ids osinfo-db uses for virtio devices (legacy and 1.0 ids).
VIRTIO_NET = frozenset({"http://pcisig.com/pci/1af4/1000", "http://pcisig.com/pci/1af4/1041"})
VIRTIO_BLOCK = frozenset({"http://pcisig.com/pci/1af4/1001", "http://pcisig.com/pci/1af4/1042"})
VIRTIO_GPU = frozenset({"http://pcisig.com/pci/1af4/1050"})

# What osinfo-db 2022 cannot say: Windows 11 refuses to install without TPM 2.0 and
# Secure Boot (both "required" in Microsoft's hardware requirements).
NEEDS_TPM = frozenset({"http://microsoft.com/win/11"})
NEEDS_SECURE_BOOT = frozenset({"http://microsoft.com/win/11"})

# Entries offered when the media is not in the database (often: newer than the database).
FALLBACK_IDS = (
    "http://libosinfo.org/linux/2022",
    "http://microsoft.com/win/11",
    "http://microsoft.com/win/10",
    "http://microsoft.com/win/2k22",
    "http://libosinfo.org/unknown",
)


@dataclass(frozen=True, slots=True)
class MediaPattern:
    """One ``<media><iso>``: regular expressions for the primary volume descriptor's fields."""

    arch: str
    volume_id: str = ""
    system_id: str = ""
    publisher_id: str = ""
    application_id: str = ""
    installer: bool = True
    live: bool = False


@dataclass(frozen=True, slots=True)
class Resources:
    """CPUs, memory and disk in bytes (0 = not said)."""

    cpus: int = 0
    memory: int = 0
    storage: int = 0


@dataclass(frozen=True, slots=True)
class OsEntry:
    """One operating system as osinfo-db describes it (see the module docstring)."""

    id: str
    short_ids: tuple[str, ...]
    name: str
    family: str = ""
    distro: str = ""
    vendor: str = ""
    version: str = ""
    release_date: datetime.date | None = None
    media: tuple[MediaPattern, ...] = ()
    minimum: Resources = Resources()
    recommended: Resources = Resources()
    devices: frozenset[str] = frozenset()
    efi_supported: bool = False
    bios_supported: bool = True
    derives_from: tuple[str, ...] = field(default=(), repr=False)

    @property
    def short_id(self) -> str:
        return self.short_ids[0] if self.short_ids else self.id

    @property
    def virtio(self) -> bool:
        """Whether the OS drives virtio disks and NICs out of the box."""
        return bool(self.devices & VIRTIO_BLOCK) and bool(self.devices & VIRTIO_NET)

    @property
    def virtio_gpu(self) -> bool:
        return bool(self.devices & VIRTIO_GPU)

    @property
    def uefi_required(self) -> bool:
        return self.efi_supported and not self.bios_supported

    @property
    def needs_tpm(self) -> bool:
        return self.id in NEEDS_TPM

    @property
    def needs_secure_boot(self) -> bool:
        return self.id in NEEDS_SECURE_BOOT

    @property
    def is_windows(self) -> bool:
        return self.family == "winnt" or self.distro == "win"


@dataclass(frozen=True)
class OsDatabase:
    """Every entry by id, plus the database's own date (``VERSION``)."""

    entries: Mapping[str, OsEntry]
    version: str = ""

    def get(self, os_id: str) -> OsEntry | None:
        """The entry by full id or by any of its short ids."""
        entry = self.entries.get(os_id)
        if entry is not None:
            return entry
        return self._short.get(os_id.lower())

    @functools.cached_property
    def _short(self) -> dict[str, OsEntry]:
        return {short.lower(): e for e in self.entries.values() for short in e.short_ids}

    @property
    def date(self) -> datetime.date | None:
        """The day the database was released (its ``VERSION`` is ``YYYYMMDD``)."""
        try:
            return datetime.datetime.strptime(self.version[:8], "%Y%m%d").date()
        except ValueError:
            return None

    def newest_first(self) -> list[OsEntry]:
        """Every entry, newest release first, then by name."""
        return sorted(
            self.entries.values(),
            key=lambda e: (-(e.release_date.toordinal() if e.release_date else 0), e.name),
        )

    def fallbacks(self) -> list[OsEntry]:
        """The generic and close-family entries offered when the media is unknown."""
        return [e for e in (self.entries.get(i) for i in FALLBACK_IDS) if e is not None]


# ------------------------------------------------------------------ reading


def _text(element: etree._Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _plain_name(element: etree._Element) -> str:
    """The untranslated ``<name>`` (translations carry ``xml:lang``)."""
    for name in element.findall("name"):
        if name.get("{http://www.w3.org/XML/1998/namespace}lang") is None:
            return (name.text or "").strip()
    return ""


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _resources(element: etree._Element | None) -> Resources:
    if element is None:
        return Resources()

    def number(tag: str) -> int:
        try:
            return int(_text(element, tag) or 0)
        except ValueError:
            return 0

    return Resources(number("n-cpus"), number("ram"), number("storage"))


def _media(os_element: etree._Element) -> tuple[MediaPattern, ...]:
    patterns = []
    for media in os_element.findall("media"):
        iso = media.find("iso")
        if iso is None:
            continue
        patterns.append(
            MediaPattern(
                arch=media.get("arch", "all"),
                volume_id=_text(iso, "volume-id"),
                system_id=_text(iso, "system-id"),
                publisher_id=_text(iso, "publisher-id"),
                application_id=_text(iso, "application-id"),
                installer=media.get("installer", "true") != "false",
                live=media.get("live", "false") == "true",
            )
        )
    return tuple(patterns)


@dataclass(slots=True)
class _Raw:
    """An ``<os>`` before inheritance is resolved."""

    element: etree._Element
    derives: tuple[str, ...]
    devices: dict[str, bool]
    minimum: Resources
    recommended: Resources
    inherit_resources: bool


def _raw(element: etree._Element) -> _Raw:
    devices: dict[str, bool] = {}
    for block in element.findall("devices"):
        for device in block.findall("device"):
            device_id = device.get("id")
            if device_id:
                devices[device_id] = device.get("supported", "true") != "false"
    # x86 resources first: this is a desktop manager for x86_64 hosts.
    minimum = recommended = Resources()
    inherit = False
    for block in element.findall("resources"):
        if block.get("arch") not in ("x86_64", "all", None):
            continue
        inherit = inherit or block.get("inherit") == "true"
        minimum = minimum if minimum != Resources() else _resources(block.find("minimum"))
        recommended = (
            recommended if recommended != Resources() else _resources(block.find("recommended"))
        )
    derives = tuple(d.get("id", "") for d in element.findall("derives-from") if d.get("id"))
    return _Raw(element, derives, devices, minimum, recommended, inherit)


def _firmware(element: etree._Element) -> tuple[bool, bool]:
    efi, bios = False, True
    for firmware in element.findall("firmware"):
        if firmware.get("arch") not in ("x86_64", None):
            continue
        supported = firmware.get("supported", "true") != "false"
        if firmware.get("type") == "efi":
            efi = supported
        elif firmware.get("type") == "bios":
            bios = supported
    return efi, bios


def _files(root: Path) -> Iterable[Path]:
    return sorted((root / "os").glob("*/*.xml"))


@functools.lru_cache(maxsize=4)
def load_database(root: Path = OSINFO_ROOT) -> OsDatabase:
    """The whole database under ``root`` (cached; an empty one when it is not installed)."""
    raws: dict[str, _Raw] = {}
    for path in _files(root):
        try:
            tree = etree.parse(str(path))
        except (OSError, etree.XMLSyntaxError):
            continue
        for element in tree.getroot().findall("os"):
            os_id = element.get("id")
            if os_id:
                raws[os_id] = _raw(element)

    @functools.cache
    def devices(os_id: str) -> dict[str, bool]:
        raw = raws.get(os_id)
        if raw is None:
            return {}
        merged: dict[str, bool] = {}
        for parent in raw.derives:
            if parent != os_id:
                merged.update(devices(parent))
        merged.update(raw.devices)
        return merged

    @functools.cache
    def resources(os_id: str) -> tuple[Resources, Resources]:
        raw = raws.get(os_id)
        if raw is None:
            return Resources(), Resources()
        minimum, recommended = raw.minimum, raw.recommended
        if raw.inherit_resources or (minimum == Resources() and recommended == Resources()):
            for parent in raw.derives:
                if parent != os_id:
                    inherited = resources(parent)
                    minimum = minimum if minimum != Resources() else inherited[0]
                    recommended = recommended if recommended != Resources() else inherited[1]
        return minimum, recommended

    entries: dict[str, OsEntry] = {}
    for os_id, raw in raws.items():
        element = raw.element
        minimum, recommended = resources(os_id)
        efi, bios = _firmware(element)
        entries[os_id] = OsEntry(
            id=os_id,
            short_ids=tuple(s.text.strip() for s in element.findall("short-id") if s.text),
            name=_plain_name(element) or os_id,
            family=_text(element, "family"),
            distro=_text(element, "distro"),
            vendor=_text(element, "vendor"),
            version=_text(element, "version"),
            release_date=_date(_text(element, "release-date")),
            media=_media(element),
            minimum=minimum,
            recommended=recommended,
            devices=frozenset(d for d, supported in devices(os_id).items() if supported),
            efi_supported=efi,
            bios_supported=bios,
            derives_from=raw.derives,
        )
    version_file = root / "VERSION"
    version = version_file.read_text().strip() if version_file.is_file() else ""
    return OsDatabase(entries, version)
