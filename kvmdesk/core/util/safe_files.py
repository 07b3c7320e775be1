"""Reading and writing kvmdesk's own files so that no content or mishap stops the app.

Every file kvmdesk keeps (the connection list today; settings, window state or caches
as they come) goes through these functions: reads are bounded in size and JSON
nesting, never block on a device or FIFO and never follow a directory; a file that
cannot be used is kept aside under a timestamped name instead of being overwritten;
writes are atomic (a temporary file beside the target, fsync, rename, fsync of the
folder), so a crash during a save leaves the old file or the new one, never a
truncated mix.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from kvmdesk.core.types.errors import KvmdeskError

# A connection list of a few hundred entries is a few tens of KiB.
DEFAULT_MAX_BYTES = 1 << 20
# kvmdesk's files nest three or four levels; Python's json recurses per level.
DEFAULT_MAX_DEPTH = 32


class UnusableFile(KvmdeskError):
    """The file exists but cannot be used; the message says why, in one line."""

    def __init__(self, reason: str, *, keep_aside: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        # False for what must never be renamed (a device, a FIFO, a socket).
        self.keep_aside = keep_aside


def read_bounded(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | None:
    """The bytes of the regular file ``path``; None when it does not exist.

    :class:`UnusableFile` when it is a directory, a device, a FIFO or a socket, is
    unreadable, or is larger than ``max_bytes``. The file is opened non-blocking and
    checked after opening (a FIFO never blocks, a swap between check and open is seen).
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise UnusableFile(f"cannot read it: {error.strerror or error}") from error
    if stat.S_ISDIR(info.st_mode):
        raise UnusableFile("it is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UnusableFile("it is not a regular file (a device, pipe or socket)", keep_aside=False)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise UnusableFile(f"cannot read it: {error.strerror or error}") from error
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise UnusableFile("it is not a regular file", keep_aside=False)
        try:
            data = handle.read(max_bytes + 1)
        except OSError as error:
            raise UnusableFile(f"cannot read it: {error.strerror or error}") from error
    if len(data) > max_bytes:
        raise UnusableFile(f"it is larger than {max_bytes // 1024} KiB")
    return data


def nesting_depth(text: str) -> int:
    """The deepest nesting of JSON arrays and objects in ``text`` (strings skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def parse_json(
    data: bytes, *, max_depth: int = DEFAULT_MAX_DEPTH
) -> Any:  # JSON is Any by nature; callers check its shape
    """``data`` as JSON, else :class:`UnusableFile` saying why (never another exception)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnusableFile(f"it is not UTF-8 text (byte {error.start})") from error
    if nesting_depth(text) > max_depth:
        raise UnusableFile(f"it nests deeper than {max_depth} levels")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise UnusableFile(f"it is not valid JSON ({str(error).splitlines()[0]})") from error


def aside_name(path: Path, now: datetime | None = None) -> Path:
    """A free name beside ``path`` for keeping it: ``NAME.broken-YYYYMMDD-HHMMSS[-N]``."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.broken-{stamp}")
    number = 1
    while os.path.lexists(candidate):
        number += 1
        candidate = path.with_name(f"{path.name}.broken-{stamp}-{number}")
    return candidate


def keep_aside(path: Path, *, copy: bool = False) -> Path:
    """Rename ``path`` (or with ``copy`` write a copy of it) to :func:`aside_name`.

    Returns the new name; :class:`OSError` when the folder does not allow it.
    """
    target = aside_name(path)
    if copy:
        data = read_bounded(path, max_bytes=64 * DEFAULT_MAX_BYTES)
        write_atomic(target, data or b"")
    else:
        os.rename(path, target)
    return target


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temporary file, fsync, rename, fsync).

    The new file is readable by the user only. :class:`UnusableFile` when ``path``
    is something that must not be replaced (a folder, a device); :class:`OSError`
    when the disk refuses (full, read-only); the old file is then untouched.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        pass
    else:
        if not stat.S_ISREG(info.st_mode):
            raise UnusableFile(f"{path} is not a regular file; not overwriting it")
    # A symbolic link (a dotfiles manager's) is kept: its target is replaced.
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (a crash right after it keeps the new name)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename is still atomic
    finally:
        os.close(fd)
