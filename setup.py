"""Build hook: wheels carry the seed articles and resources inside the package.

`seeds/` and `resources/` live at the top of the source tree (the PyInstaller spec, the
desktop files and the tests use them there). A wheel has no such top, so `build_py` copies
them to `briefing_app/_data/`, where `briefing_app.paths.resource_root()` finds them.
Everything else is configured in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("seeds", "resources")
SHIPPED_FILES = ("docs/user-guide.md",)  # Help ▸ User Guide reads it


class BuildPyWithData(build_py):
    """The usual build_py, then the shipped folders copied into the built package."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the source tree
        target = Path(self.build_lib) / "briefing_app" / "_data"
        for name in SHIPPED:
            shutil.copytree(ROOT / name, target / name, dirs_exist_ok=True)
        for name in SHIPPED_FILES:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)


setup(cmdclass={"build_py": BuildPyWithData})
