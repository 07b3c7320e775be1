"""The saved list of connections, in the user's config directory.

Whatever the file holds, loading it never raises: a file that cannot be used at all
(not JSON, too big or too deep, a folder, unreadable) is kept aside under a
timestamped name and the list starts empty; entries that cannot be used (not a URI, a
control character, a duplicate, beyond :data:`MAX_CONNECTIONS`) are skipped and a copy
of the file is kept aside before it is next written. Every problem is listed in
:attr:`ConnectionStore.report` for one notification. Saving is atomic
(:func:`~kvmdesk.core.util.safe_files.write_atomic`).

A connection whose URI runs a program carries the user's consent, bound to its exact
URI (``"program_consent": {"sha256": …}``, see
:class:`~kvmdesk.core.util.uri_programs.ProgramConsent`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.safe_files import (
    UnusableFile,
    keep_aside,
    parse_json,
    read_bounded,
    write_atomic,
)
from kvmdesk.core.util.uri import scrub_uris, validate_uri
from kvmdesk.core.util.uri_programs import ProgramConsent

# More than anyone manages by hand; a file with more is damaged or hostile.
MAX_CONNECTIONS = 100
MAX_FILE_BYTES = 1 << 20
MAX_DEPTH = 8
# A reason longer than this says nothing more in a notification.
_MAX_REASON = 160


@dataclass(frozen=True, slots=True)
class ConnectionEntry:
    uri: str
    autoconnect: bool = True
    # The user's consent to the programs this URI runs (None: not given or not needed).
    consent: ProgramConsent | None = None


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One thing in the file that was not used: which (``item``) and why (``reason``)."""

    item: str
    reason: str

    def __str__(self) -> str:
        return f"{self.item}: {self.reason}"


@dataclass(slots=True)
class ConfigReport:
    """What loading the file found wrong; empty when all was well."""

    path: Path
    problems: list[ConfigProblem] = field(default_factory=list)
    # Where the file (or a copy of it, when part of it was usable) now is.
    kept_aside: Path | None = None
    # False when the file could be neither used nor kept aside: it is never written then.
    writable: bool = True

    def __bool__(self) -> bool:
        return bool(self.problems)

    def add(self, item: str, reason: str) -> None:
        reason = scrub_uris(" ".join(reason.split()))
        if len(reason) > _MAX_REASON:
            reason = reason[: _MAX_REASON - 1] + "…"
        self.problems.append(ConfigProblem(item, reason))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir("kvmdesk", appauthor=False))


def connections_file() -> Path:
    return config_dir() / "connections.json"


class ConnectionStore:
    """The connection list file: :meth:`load` it once, :meth:`save` it on every change."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or connections_file()
        self.report = ConfigReport(self.path)
        # Saved items kvmdesk does not open but must not drop (a URI that runs a program
        # without the user's consent): written back unchanged on every save.
        self._held: dict[str, dict[str, Any]] = {}
        # Each loaded URI's place in the file (1-based), for messages naming it.
        self.positions: dict[str, int] = {}

    def load(self) -> list[ConnectionEntry]:
        """The usable entries; problems go to :attr:`report` (never an exception)."""
        self.report = ConfigReport(self.path)
        try:
            raw = read_bounded(self.path, MAX_FILE_BYTES)
            if raw is None:
                return []
            data = parse_json(raw, max_depth=MAX_DEPTH)
            items = _items_of(data)
        except UnusableFile as error:
            self._set_aside(error)
            return []
        entries = self._entries(items)
        if self.report:
            self._copy_aside(raw)
        return entries

    def hold(self, entry: ConnectionEntry) -> None:
        """Keep ``entry`` in the file without opening it (see the class docstring)."""
        self._held[entry.uri] = _item_of(entry)

    def save(self, entries: list[ConnectionEntry]) -> None:
        """Write ``entries`` (and the held items) atomically.

        :class:`OSError` or :class:`UnusableFile` when the disk refuses; the old file
        is then untouched. Nothing is written while :attr:`report` says it is not
        writable (a file that was neither usable nor set aside).
        """
        if not self.report.writable:
            return
        uris = {entry.uri for entry in entries}
        items = [_item_of(entry) for entry in entries]
        items += [item for uri, item in self._held.items() if uri not in uris]
        payload = json.dumps({"connections": items}, indent=2, ensure_ascii=False) + "\n"
        write_atomic(self.path, payload.encode("utf-8"))

    # ------------------------------------------------------------- private

    def _entries(self, items: list[Any]) -> list[ConnectionEntry]:
        entries: list[ConnectionEntry] = []
        seen: dict[str, int] = {}
        for number, item in enumerate(items[:MAX_CONNECTIONS], start=1):
            where = f"entry {number}"
            if not isinstance(item, dict) or not isinstance(item.get("uri"), str):
                self.report.add(where, 'not a connection (needs a "uri" text)')
                continue
            try:
                uri = validate_uri(item["uri"])
            except BadInput as error:
                self.report.add(where, str(error))
                continue
            if uri in seen:
                self.report.add(where, f"the same connection as entry {seen[uri]}")
                continue
            seen[uri] = number
            self.positions[uri] = number
            autoconnect = item.get("autoconnect", True)
            if not isinstance(autoconnect, bool):
                self.report.add(where, '"autoconnect" is not true or false; not connecting it')
                autoconnect = False
            consent = item.get("program_consent")
            if consent is not None and not _is_consent(consent):
                self.report.add(where, '"program_consent" is not {"sha256": "…"}; ignored')
            entries.append(ConnectionEntry(uri, autoconnect, _consent_of(uri, item)))
        if len(items) > MAX_CONNECTIONS:
            self.report.add(
                f"entries {MAX_CONNECTIONS + 1}–{len(items)}",
                f"more than {MAX_CONNECTIONS} connections",
            )
        return entries

    def _set_aside(self, error: UnusableFile) -> None:
        self.report.add("the file", error.reason)
        if not error.keep_aside:
            self.report.writable = False
            return
        try:
            self.report.kept_aside = keep_aside(self.path)
        except OSError as failure:
            self.report.add("the file", f"could not be kept aside ({failure.strerror}); not saving")
            self.report.writable = False

    def _copy_aside(self, raw: bytes) -> None:
        """Keep the file as it was before kvmdesk drops its unusable entries on a save."""
        for existing in sorted(self.path.parent.glob(f"{self.path.name}.broken-*")):
            try:
                same_size = existing.is_file() and existing.stat().st_size == len(raw)
                if same_size and existing.read_bytes() == raw:
                    self.report.kept_aside = existing
                    return
            except OSError:
                continue
        try:
            self.report.kept_aside = keep_aside(self.path, copy=True)
        except (OSError, UnusableFile) as failure:
            self.report.add("the file", f"could not be copied aside ({failure}); not saving")
            self.report.writable = False


def _items_of(data: Any) -> list[Any]:
    if not isinstance(data, dict) or not isinstance(data.get("connections", []), list):
        raise UnusableFile('it is not a connection list ({"connections": [...]})')
    items = data.get("connections", [])
    assert isinstance(items, list)
    return items


def _is_consent(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("sha256"), str)


def _consent_of(uri: str, item: dict[str, Any]) -> ProgramConsent | None:
    consent = item.get("program_consent")
    if isinstance(consent, dict) and isinstance(consent.get("sha256"), str):
        return ProgramConsent(uri, consent["sha256"])
    return None


def _item_of(entry: ConnectionEntry) -> dict[str, Any]:
    item: dict[str, Any] = {"uri": entry.uri, "autoconnect": entry.autoconnect}
    if entry.consent is not None and entry.consent.covers(entry.uri):
        item["program_consent"] = {"sha256": entry.consent.digest}
    return item


def load_connections(path: Path | None = None) -> list[ConnectionEntry]:
    """The saved connections; see :meth:`ConnectionStore.load` (problems are dropped)."""
    return ConnectionStore(path).load()


def save_connections(entries: list[ConnectionEntry], path: Path | None = None) -> None:
    """Write atomically so a crash mid-save never loses the list."""
    ConnectionStore(path).save(entries)
