"""Entry point of the frozen (PyInstaller) build: the same `briefing` command."""

import multiprocessing
import sys

from briefing_app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
