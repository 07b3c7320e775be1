"""Start-up imports what the first painted window needs, and not the rest.

The secondary windows and capabilities named through ``Deferred``/``Capability``
(core/util/deferred.py) are imported when first used; a plain import that brings one
back into start-up shows up here (and as time in the listing benchmark).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from kvmdesk.app import main
code = main(["--demo", "--screenshot", sys.argv[1]])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

# Imported on first use, never at start-up.
DEFERRED = (
    "kvmdesk.ui.console.window",
    "kvmdesk.ui.create.launcher",
    "kvmdesk.ui.hostnet.window",
    "kvmdesk.ui.netmap.window",
    "kvmdesk.core.netmap.layout",
    "kvmdesk.ui.settings.window",
    "kvmdesk.ui.snapshot.flows",
    "kvmdesk.core.console.service",
    "kvmdesk.core.create.service",
    "kvmdesk.core.settings.service",
    "kvmdesk.core.snapshot.service",
    "kvmdesk.core.snapshot.clone_service",
    "kvmdesk.core.hostnet.nm_backend",
    # Third-party code only those need.
    "pyte",
    "pycdlib",
    "dbus_fast",
    "multiprocessing",
    "urllib.request",
)


def test_start_up_leaves_secondary_windows_and_capabilities_unimported(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "shot.png")],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # main() returned: with nothing stuck in libvirt, quitting never ends in os._exit.
    assert result.stdout.strip(), "main() did not return (the process left through os._exit)"
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] == 0
    assert (tmp_path / "shot.png").stat().st_size > 0  # the window painted
    loaded = set(report["modules"])
    assert "kvmdesk.ui.main.window" in loaded
    assert sorted(name for name in DEFERRED if name in loaded) == []
