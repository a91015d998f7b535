"""`python -m briefing_app` runs the command line (no arguments: the desktop app)."""

import sys

from briefing_app.cli import main

sys.exit(main())
