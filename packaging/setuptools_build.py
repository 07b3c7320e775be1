"""setuptools' ``build_py`` plus the translations: ``pip install .`` and wheels ship the .qm files.

Named in pyproject.toml's ``[tool.setuptools.cmdclass]``. The .qm files are compiled from
resources/translations/*.ts with pyside6-lrelease (packaging/translations.py finds it) into
``kvmdesk/resources/translations/`` of the build, where
``kvmdesk.core.connection.demo.resources_dir()`` finds an installed package's resources.
An editable install (bootstrap.sh) reads them from the checkout instead, which bootstrap.sh
compiles itself.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from setuptools.command.build_py import build_py

_HERE = Path(__file__).resolve().parent


def _translations():  # type: ignore[no-untyped-def]
    # Loaded by path: the name "packaging" belongs to the PyPI package setuptools imports.
    spec = importlib.util.spec_from_file_location(
        "_kvmdesk_translations", _HERE / "translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class BuildPy(build_py):
    """build_py, then the compiled translations inside the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        translations = _translations()
        target = Path(self.build_lib) / "kvmdesk" / "resources" / "translations"
        for qm in translations.release(target):
            self.announce(f"compiled {qm.name}", level=2)
