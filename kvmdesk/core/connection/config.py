"""The saved list of connections, in the user's config directory."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs


@dataclass(frozen=True, slots=True)
class ConnectionEntry:
    uri: str
    autoconnect: bool = True


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir("kvmdesk", appauthor=False))


def connections_file() -> Path:
    return config_dir() / "connections.json"


def load_connections(path: Path | None = None) -> list[ConnectionEntry]:
    """The saved connections; an unreadable file yields none rather than a crash."""
    path = path or connections_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    entries: list[ConnectionEntry] = []
    seen: set[str] = set()
    for item in data.get("connections", []) if isinstance(data, dict) else []:
        if not isinstance(item, dict) or not isinstance(item.get("uri"), str):
            continue
        if item["uri"] in seen:
            continue
        seen.add(item["uri"])
        entries.append(ConnectionEntry(item["uri"], bool(item.get("autoconnect", True))))
    return entries


def save_connections(entries: list[ConnectionEntry], path: Path | None = None) -> None:
    """Write atomically so a crash mid-save never loses the list."""
    path = path or connections_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"connections": [asdict(e) for e in entries]}, indent=2)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".connections-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(payload + "\n")
    os.replace(temporary, path)
