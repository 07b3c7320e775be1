"""Allow ``python -m kvmdesk.cli`` to run ``kvmdesk-cli``."""

from kvmdesk.cli import main

raise SystemExit(main())
