"""Finding iproute2's ``ip``: one search both the subnet pool and host networking use."""

from __future__ import annotations

from pathlib import Path

import pytest

from kvmdesk.core.util import host_probe
from kvmdesk.core.util.host_probe import ip_command


def _fake_ip(directory: Path) -> Path:
    directory.mkdir(parents=True)
    program = directory / "ip"
    program.write_text("#!/bin/sh\n", encoding="ascii")
    program.chmod(0o755)
    return program


def test_ip_on_path_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = _fake_ip(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(program.parent))
    assert ip_command() == str(program)


def test_sbin_directories_are_searched_when_path_lacks_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    sbin = _fake_ip(tmp_path / "sbin")
    usr_bin = _fake_ip(tmp_path / "usr-bin")
    monkeypatch.setattr(host_probe, "_IP_SEARCH_PATH", (str(sbin.parent), str(usr_bin.parent)))
    assert ip_command() == str(sbin)
    sbin.chmod(0o644)  # not executable: the next directory
    assert ip_command() == str(usr_bin)
    usr_bin.unlink()
    assert ip_command() is None
