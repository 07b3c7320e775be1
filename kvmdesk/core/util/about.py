"""What kvmdesk is, for its About box and ``--version``-style reports: versions, licence, home.

The libvirt version is the library's own (``virGetVersion``): the one this process calls
into, whichever daemons it is connected to.
"""

from __future__ import annotations

import libvirt

from kvmdesk import __version__

LICENCE = "GPL-3.0-or-later"
LICENCE_URL = "https://www.gnu.org/licenses/gpl-3.0.html"
HOMEPAGE_URL = "https://github.com/kvmdesk/kvmdesk"
README_URL = f"{HOMEPAGE_URL}#readme"


def kvmdesk_version() -> str:
    return __version__


def format_libvirt_version(number: int) -> str:
    """libvirt's ``major * 1,000,000 + minor * 1,000 + release`` as "major.minor.release"."""
    if number < 0:
        raise ValueError(f"not a libvirt version number: {number}")
    return f"{number // 1_000_000}.{number // 1_000 % 1_000}.{number % 1_000}"


def libvirt_version() -> str:
    """The libvirt library in use, e.g. "9.0.0"."""
    return format_libvirt_version(libvirt.getVersion())
