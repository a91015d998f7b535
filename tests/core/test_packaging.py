"""Packaging: desktop files validate, wheels carry seeds and resources, the spec keeps what runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "resources" / "desktop"
# Building a wheel takes ~20 s, the bundle a minute or more: opt in with BRIEFING_PACKAGING_TESTS=1 (CI and before a release).
packaging_run = pytest.mark.skipif(
    os.environ.get("BRIEFING_PACKAGING_TESTS") != "1",
    reason="builds a wheel or the bundle; set BRIEFING_PACKAGING_TESTS=1 to run",
)


def tool(name: str) -> str:
    """A validator on PATH, or skip (CI installs them from Debian)."""
    found = shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed")
    return found


def test_desktop_entry_validates():
    """desktop-file-validate accepts the .desktop entry without errors or warnings."""
    result = subprocess.run(
        [tool("desktop-file-validate"), str(DESKTOP / "org.briefingapp.Briefing.desktop")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_validates():
    """appstreamcli validates the AppStream metainfo offline."""
    result = subprocess.run(
        [
            tool("appstreamcli"),
            "validate",
            "--no-net",
            str(DESKTOP / "org.briefingapp.Briefing.metainfo.xml"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_entry_and_metainfo_agree():
    """The metainfo launches the desktop entry the app names itself by."""
    metainfo = (DESKTOP / "org.briefingapp.Briefing.metainfo.xml").read_text(encoding="utf-8")
    assert "org.briefingapp.Briefing.desktop" in metainfo
    entry = (DESKTOP / "org.briefingapp.Briefing.desktop").read_text(encoding="utf-8")
    assert "Icon=org.briefingapp.Briefing" in entry


def test_desktop_exec_is_accepted_by_the_command_line():
    """The entry's Exec line, with field codes filled in, parses as a `briefing` command line."""
    from briefing_app.cli import build_parser

    entry = (DESKTOP / "org.briefingapp.Briefing.desktop").read_text(encoding="utf-8")
    (exec_line,) = [line[5:] for line in entry.splitlines() if line.startswith("Exec=")]
    program, *args = exec_line.split()
    assert program == "briefing"
    filled = [
        {"%f": "a.md", "%F": "a.md", "%u": "file:///a.md", "%U": "file:///a.md"}.get(a, a)
        for a in args
    ]
    build_parser().parse_args(filled)  # argparse exits (a test failure) on arguments it rejects


def test_source_tree_resources_found():
    """From the source tree, seeds and resources are found at the top of the checkout."""
    from briefing_app import paths

    assert paths.seeds_dir() == ROOT / "seeds"
    assert (paths.resources_dir() / "i18n" / "briefing_de.qm").is_file()


@pytest.mark.slow
@packaging_run
def test_wheel_carries_seeds_and_resources(tmp_path):
    """A wheel holds seeds/ and resources/, and an unpacked install finds them there."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(tmp_path / "wheel"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "wheel").glob("briefing-*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import briefing_app, briefing_app.paths as p;"
        "print(briefing_app.__file__); print(p.seeds_dir()); print(p.resources_dir())"
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, check=True, capture_output=True
    )
    package, seeds, resources = (Path(line) for line in out.stdout.decode().split())
    assert package.is_relative_to(site)
    assert [p.name for p in (ROOT / "seeds").iterdir()] == [p.name for p in seeds.iterdir()]
    assert (resources / "i18n" / "briefing_de.qm").is_file()
    assert (resources / "icons" / "quote.svg").is_file()


@pytest.mark.slow
@packaging_run
def test_bundle_builds_and_passes_smoke_test(tmp_path):
    """PyInstaller builds the onedir bundle and the built binary passes the smoke test."""
    pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    if not pyinstaller:
        pytest.skip("PyInstaller is not installed (pip install -e '.[package]')")
    subprocess.run(
        [pyinstaller, "--noconfirm", "--distpath", str(tmp_path / "dist")]
        + ["--workpath", str(tmp_path / "build"), str(ROOT / "packaging" / "briefing.spec")],
        check=True,
        capture_output=True,
        timeout=1800,
    )
    binary = tmp_path / "dist" / "briefing" / "briefing"
    result = subprocess.run(
        ["sh", str(ROOT / "scripts" / "smoke-test-bundle.sh"), str(binary)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "smoke test passed" in result.stdout
