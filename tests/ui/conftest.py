"""UI tests run without a display: Qt's offscreen platform unless one is chosen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
