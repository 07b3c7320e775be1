"""Hostile names in ``kvmdesk-cli`` output: tables escape them, JSON keeps them exact.

A network named ``cr\\rspoof`` overwrote its own table row, ``line1\\nline2`` split it
into two rows, C1 controls and bidi overrides reached the terminal raw. Human-readable
output escapes them as virsh does (``\\x0d``, ``\\u202e``); ``--json`` keeps every name
exactly as libvirt has it.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.cli import Cli
from tests.helpers.hostile_text import DOMAIN_NAMES, NETWORK_NAMES, write_inventory

# What a terminal must never receive raw from a name.
_RAW = ("\r", "\x85", "\x9b", "\u202e", "\u200b", "\u200d")


def _assert_one_row_per_item(out: str, count: int) -> None:
    lines = out.rstrip("\n").split("\n")
    assert len(lines) == count + 1, out  # the header and one row each
    for character in _RAW:
        assert character not in out, repr(character)


def test_net_list_escapes_control_and_bidi_characters(cli: Cli, tmp_path: Path) -> None:
    uri = write_inventory(tmp_path / "hostile.xml")
    code, out, err = cli("-c", uri, "net", "list")
    assert code == 0, err
    _assert_one_row_per_item(out, len(NETWORK_NAMES))
    assert "N5 cr\\x0dspoof" in out
    assert "N6 line1\\x0aline2" in out
    assert "N7\\u202egnp.exe" in out


def test_list_escapes_domain_names(cli: Cli, tmp_path: Path) -> None:
    uri = write_inventory(tmp_path / "hostile.xml")
    code, out, err = cli("-c", uri, "list")
    assert code == 0, err
    _assert_one_row_per_item(out, len(DOMAIN_NAMES))
    assert "K11 c1\\x85\\x9bcontrol" in out
    assert "K7 txt\\u202eexe.doc" in out
    assert "K8 web\\u200bfront\\u200d" in out


def test_json_keeps_every_name_exact(cli: Cli, tmp_path: Path) -> None:
    uri = write_inventory(tmp_path / "hostile.xml")
    code, out, err = cli("-c", uri, "net", "list", "--json")
    assert code == 0, err
    assert {network["name"] for network in json.loads(out)} == {n.text for n in NETWORK_NAMES}
    code, out, err = cli("-c", uri, "list", "--json")
    assert code == 0, err
    assert {domain["name"] for domain in json.loads(out)} == {d.text for d in DOMAIN_NAMES}


def test_an_error_naming_a_hostile_network_is_one_escaped_line(cli: Cli, tmp_path: Path) -> None:
    uri = write_inventory(tmp_path / "hostile.xml")
    code, _out, err = cli("-c", uri, "net", "start", "N7\u202egnp.exe-missing")
    assert code != 0
    assert len(err.splitlines()) == 1 and "\u202e" not in err and "\\u202e" in err, err
