"""installers/install-linux.sh (install.sh in the tar.gz): install, upgrade, uninstall, per user.

Runs on a stand-in bundle (a shell script in place of homeward-gui) in a temporary
HOME, as a user other than root (``id`` is replaced on the PATH).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ID = "org.homeward.Homeward"
SHARED = (
    f"applications/{ID}.desktop",
    f"metainfo/{ID}.metainfo.xml",
    "icons/hicolor/256x256/apps/homeward.png",
    "icons/hicolor/scalable/apps/homeward.svg",
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="a Linux installer")


def _bundle(folder: Path, version: str) -> Path:
    """A stand-in for the unpacked tar.gz of ``version``, laid out as build-linux.sh makes it."""
    folder.mkdir(parents=True)
    gui = folder / "homeward-gui"
    gui.write_text(f'#!/bin/sh\necho "homeward {version}"\n')
    gui.chmod(0o755)
    (folder / "homeward").symlink_to("homeward-gui")
    (folder / "_internal").mkdir()
    (folder / "_internal" / f"lib-{version}.so").write_text(version)
    sources = {
        SHARED[0]: ROOT / "installers" / f"{ID}.desktop",
        SHARED[1]: ROOT / "installers" / f"{ID}.metainfo.xml",
        SHARED[2]: ROOT / "resources" / "icons" / "homeward.png",
        SHARED[3]: ROOT / "resources" / "icons" / "app.svg",
    }
    for target, source in sources.items():
        (folder / "share" / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / "share" / target)
    shutil.copyfile(ROOT / "installers" / "install-linux.sh", folder / "install.sh")
    (folder / "install.sh").chmod(0o755)
    return folder


def _run(tmp_path: Path, bundle: Path, *args: str) -> subprocess.CompletedProcess[str]:
    fake = tmp_path / "fake-bin"
    fake.mkdir(exist_ok=True)
    (fake / "id").write_text("#!/bin/sh\necho 1000\n")
    (fake / "id").chmod(0o755)
    env = {
        "HOME": str(tmp_path / "home"),
        "PATH": f"{fake}:/usr/bin:/bin",
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        [str(bundle / "install.sh"), *args], env=env, capture_output=True, text=True, check=False
    )


def test_install_upgrade_and_uninstall_keep_the_data_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    data = home / ".local" / "share" / "Homeward"
    data.mkdir(parents=True)
    (data / "homeward.sqlite").write_bytes(b"the records")
    prefix = home / ".local" / "opt" / "homeward"
    share = home / ".local" / "share"

    first = _run(tmp_path, _bundle(tmp_path / "v1", "0.1.0"))
    assert first.returncode == 0, first.stderr
    assert "Homeward 0.1.0 is installed" in first.stdout
    assert (prefix / "_internal" / "lib-0.1.0.so").exists()
    for name in ("homeward", "homeward-gui"):
        link = home / ".local" / "bin" / name
        assert os.readlink(link) == str(prefix / "homeward-gui")
    for file in SHARED:
        assert (share / file).is_file(), file
    entry = (share / "applications" / f"{ID}.desktop").read_text()
    assert f"Exec={prefix}/homeward-gui\n" in entry
    assert "Exec=homeward-gui" not in entry

    upgrade = _run(tmp_path, _bundle(tmp_path / "v2", "0.2.0"))
    assert upgrade.returncode == 0, upgrade.stderr
    assert "Homeward 0.2.0 is installed" in upgrade.stdout
    assert (prefix / "_internal" / "lib-0.2.0.so").exists()
    assert not (prefix / "_internal" / "lib-0.1.0.so").exists()  # no old library left
    assert not prefix.with_name("homeward.old").exists()
    assert not prefix.with_name("homeward.new").exists()
    assert (data / "homeward.sqlite").read_bytes() == b"the records"

    removed = _run(tmp_path, prefix, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert not prefix.exists()
    assert not (home / ".local" / "bin" / "homeward").exists()
    assert not (home / ".local" / "bin" / "homeward-gui").is_symlink()
    for file in SHARED:
        assert not (share / file).exists(), file
    assert (data / "homeward.sqlite").read_bytes() == b"the records"


def test_a_folder_without_a_bundle_is_refused(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path / "v1", "0.1.0")
    (bundle / "homeward-gui").unlink()
    result = _run(tmp_path, bundle)
    assert result.returncode == 1
    assert "holds no Homeward bundle" in result.stderr
    assert not (tmp_path / "home" / ".local" / "opt").exists()


def test_a_wrong_argument_is_a_usage_error(tmp_path: Path) -> None:
    result = _run(tmp_path, _bundle(tmp_path / "v1", "0.1.0"), "--remove")
    assert result.returncode == 2
    assert "usage" in result.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli not installed")
def test_the_appstream_metainfo_validates() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(ROOT / "installers" / f"{ID}.metainfo.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed"
)
def test_the_desktop_entry_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(ROOT / "installers" / f"{ID}.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stdout == "", result.stdout
