"""Probing the local host with iproute2: finding `ip` once, and the default-route interfaces."""

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


def test_default_route_devices_ask_ip_for_both_families(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = _fake_ip(tmp_path / "bin")
    program.write_text(
        "#!/bin/sh\n"
        'case "$*" in\n'
        '  "-j -4 route show default") echo \'[{"dst":"default","dev":"uplink0"}]\' ;;\n'
        '  "-j -6 route show default") echo \'[{"dst":"default","dev":"uplink1"},'
        '{"dst":"default","dev":"uplink0"}]\' ;;\n'
        "  *) exit 1 ;;\n"
        "esac\n",
        encoding="ascii",
    )
    monkeypatch.setenv("PATH", str(program.parent))
    assert host_probe.default_route_devices() == ["uplink0", "uplink1"]


def test_default_route_devices_are_none_when_ip_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = _fake_ip(tmp_path / "bin")
    program.write_text("#!/bin/sh\necho 'not json'\n", encoding="ascii")
    monkeypatch.setenv("PATH", str(program.parent))
    assert host_probe.default_route_devices() == []
    program.write_text("#!/bin/sh\nexit 2\n", encoding="ascii")
    assert host_probe.default_route_devices() == []
