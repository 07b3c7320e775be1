"""Malformed connection URIs: one parser, one error type, one line; never a traceback.

``kvmdesk-cli -c $'test:///default?\\xff' list`` died in libvirt's binding with a
UnicodeEncodeError (the byte comes in as a lone surrogate), ``qemu+ssh://[::1/system``
was refused for the wrong reason. :meth:`LibvirtUri.parse` refuses both with a
:class:`BadInput` saying what is wrong; the CLI exits 2 with that one line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.uri import DRIVERS, TRANSPORTS, LibvirtUri
from tests.helpers.paths import ROOT

# Any code point, lone surrogates included (what surrogateescape makes of bad bytes).
ANY_CHARACTER = st.characters(blacklist_categories=())
URI_PARTS = st.sampled_from(
    ["[", "]", ":", "@", "/", "?", "#", "&", "=", "%", "%ff", "::1", "\udcff", "+", "."]
)


@st.composite
def uri_like(draw: st.DrawFn) -> str:
    """A scheme libvirt knows (or not), then a mix of URI punctuation and any characters."""
    driver = draw(st.sampled_from([*DRIVERS, "", "x-y", "QEMU"]))
    transport = draw(st.sampled_from(["", *(f"+{t}" for t in TRANSPORTS), "+"]))
    separator = draw(st.sampled_from(["://", ":/", ":", "///", ""]))
    rest = draw(st.lists(st.one_of(URI_PARTS, st.text(ANY_CHARACTER, max_size=4)), max_size=12))
    return f"{driver}{transport}{separator}{''.join(rest)}"


@settings(max_examples=2000)
@given(st.one_of(uri_like(), st.text(ANY_CHARACTER)))
def test_the_parser_raises_nothing_but_bad_input(text: str) -> None:
    try:
        parsed = LibvirtUri.parse(text)
    except BadInput as error:
        message = str(error)
        assert message and "\n" not in message
        message.encode("utf-8")  # printable on any terminal: no lone surrogate in it
    else:
        parsed.text.encode("utf-8")  # libvirt can be given it


@pytest.mark.parametrize(
    ("uri", "fragment"),
    [
        ("test:///default?\udcff", "not valid UTF-8"),
        ("qemu+ssh://[::1/system", 'unmatched "["'),
        ("qemu+ssh://[::1]x/system", 'text after "]"'),
        ("qemu+ssh://host]/system", '"[" or "]" outside'),
    ],
)
def test_malformed_uris_are_refused_saying_why(uri: str, fragment: str) -> None:
    with pytest.raises(BadInput, match=re.escape(fragment)):
        LibvirtUri.parse(uri)


def test_a_bracketed_ipv6_host_still_parses() -> None:
    parsed = LibvirtUri.parse("qemu+ssh://[::1]:2222/system")
    assert (parsed.host, parsed.port) == ("::1", 2222)


@pytest.mark.parametrize("uri", [b"test:///default?\xff", b"qemu+ssh://[::1/system"])
def test_the_cli_exits_2_with_one_line(uri: bytes) -> None:
    result = subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"kvmdesk.cli", b"-c", uri, b"list"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2, err
    assert len(err.splitlines()) == 1 and err.startswith("kvmdesk-cli: "), err
    assert "Traceback" not in err
