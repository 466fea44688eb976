"""installers/system-packages.sh installs only what is missing, and README and CI use it.

The script runs against stand-ins for ``dpkg-query``, ``apt-get``, ``id`` and
``sudo`` on the PATH, so nothing is installed for real.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "installers" / "system-packages.sh"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def _fake_bin(
    folder: Path, installed: set[str], uid: int, with_sudo: bool = True, known: str = "t64"
) -> Path:
    """A PATH folder whose dpkg-query knows ``installed`` and whose apt-cache knows the
    packages without ``known`` in their names (Debian 12: no t64 names); apt-get and sudo
    log their calls."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    log = folder / "calls.log"
    scripts = {
        "dpkg-query": (
            'for p in {installed}; do [ "$p" = "${{@: -1}}" ] && '
            '{{ printf "install ok installed"; exit 0; }}; done; exit 1'
        ).format(installed=" ".join(sorted(installed)) or "none"),
        "apt-get": f'echo "apt-get $*" >> {log}',
        "apt-cache": f'case "$2" in *{known}*) exit 100 ;; esac; echo "Package: $2"',
        "id": f"echo {uid}",
    }
    if with_sudo:
        scripts["sudo"] = f'echo "sudo $1" >> {log}; "$@"'
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/bash\n{body}\n")
        path.chmod(0o755)
    return bin_dir


def _packages(mode: str) -> list[str]:
    """The choices listed in the script's array ``mode``: a name, or names "a|b"."""
    text = SCRIPT.read_text()
    body = re.search(rf"^{mode}=\((.*?)\)", text, re.S | re.M)
    assert body is not None
    return [choice.strip('"') for choice in body.group(1).split()]


def _names(mode: str, which: int = 0) -> set[str]:
    """One name of each choice of ``mode``: the first (0) or the last (-1) of "a|b"."""
    return {choice.split("|")[which] for choice in _packages(mode)}


def _run(
    tmp_path: Path,
    installed: set[str],
    *args: str,
    uid: int = 0,
    sudo: bool = True,
    known: str = "t64",
):
    bin_dir = _fake_bin(tmp_path, installed, uid, sudo, known)
    env = dict(os.environ, PATH=f"{bin_dir}:/usr/bin:/bin")
    result = subprocess.run(
        ["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, check=False
    )
    log = tmp_path / "calls.log"
    calls = log.read_text().splitlines() if log.exists() else []
    return result, calls


def test_nothing_happens_when_everything_is_installed(tmp_path: Path) -> None:
    everything = _names("program") | _names("tests") | {"python3-venv"}
    result, calls = _run(tmp_path, everything, "--tests", uid=1000)
    assert result.returncode == 0, result.stderr
    assert calls == []
    assert result.stderr == ""


def test_only_the_missing_packages_are_installed(tmp_path: Path) -> None:
    installed = _names("program") - {"fonts-wqy-microhei", "libxcb-cursor0"} | {"python3-venv"}
    result, calls = _run(tmp_path, installed)
    assert result.returncode == 0, result.stderr
    assert calls[0] == "apt-get update -qq"
    install = calls[1].split()
    assert install[:5] == ["apt-get", "install", "-y", "-qq", "--no-install-recommends"]
    assert sorted(install[5:]) == ["fonts-wqy-microhei", "libxcb-cursor0"]
    assert "fonts-wqy-microhei" in result.stderr


def test_tests_adds_the_test_tools_and_the_program_alone_does_not(tmp_path: Path) -> None:
    installed = _names("program", -1) | {"python3-venv"}  # Debian 12's names
    result, calls = _run(tmp_path, installed, "--tests")
    assert result.returncode == 0, result.stderr
    assert sorted(calls[1].split()[5:]) == sorted(_packages("tests"))
    assert {"age", "xvfb", "poppler-utils"} <= set(_packages("tests"))
    assert not {"age", "xvfb", "poppler-utils"} & set(_packages("program"))


@pytest.mark.parametrize(("known", "chosen"), [("t64", "libcups2"), ("nothing", "libcups2t64")])
def test_of_two_names_either_is_enough_and_the_one_apt_knows_is_installed(
    tmp_path: Path, known: str, chosen: str
) -> None:
    assert "libcups2t64|libcups2" in _packages("program")
    for installed_name in ("libcups2", "libcups2t64"):  # either one installed: nothing to do
        folder = tmp_path / installed_name
        folder.mkdir()
        others = _names("program") - {"libcups2t64"} | {installed_name, "python3-venv"}
        result, calls = _run(folder, others)
        assert (result.returncode, calls) == (0, []), result.stderr
    missing = _names("program") - {"libcups2t64"} | {"python3-venv"}
    folder = tmp_path / "neither"
    folder.mkdir()
    result, calls = _run(folder, missing, known=known)
    assert result.returncode == 0, result.stderr
    assert calls[1].split()[5:] == [chosen]
    assert "libcups2t64 or libcups2" in result.stderr


def test_not_root_goes_through_sudo(tmp_path: Path) -> None:
    installed = _names("program") - {"libgl1"} | {"python3-venv"}
    result, calls = _run(tmp_path, installed, uid=1000)
    assert result.returncode == 0, result.stderr
    assert calls[0] == "sudo apt-get"
    assert calls[1] == "apt-get update -qq"
    assert calls[2] == "sudo env"
    assert calls[3].split()[5:] == ["libgl1"]


def test_not_root_without_sudo_says_so(tmp_path: Path) -> None:
    installed = _names("program") - {"libgl1"} | {"python3-venv"}
    result, calls = _run(tmp_path, installed, uid=1000, sudo=False)
    assert result.returncode == 1
    assert "as root" in result.stderr
    assert calls == []


def test_a_wrong_argument_is_a_usage_error(tmp_path: Path) -> None:
    result, calls = _run(tmp_path, set(), "--test")
    assert result.returncode == 2
    assert "usage" in result.stderr
    assert calls == []


def test_readme_and_ci_run_the_script_and_the_same_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    run_line = next(line for line in readme.splitlines() if line.endswith(".venv/bin/homeward"))
    test_line = next(
        line for line in readme.splitlines() if line.endswith(".venv/bin/python -m pytest")
    )
    assert run_line.startswith("bash installers/system-packages.sh && python3 -m venv")
    assert test_line.startswith("bash installers/system-packages.sh --tests && python3 -m venv")
    assert "bash installers/system-packages.sh --tests" in ci
    ci_test = next(line for line in ci.splitlines() if "-m pytest" in line)
    assert ci_test.endswith(" || exit")  # a failed step stops CI (set -e skips && lists)
    ci_test = ci_test.removesuffix(" || exit").replace('"$python3"', "python3")
    assert ci_test == test_line.split(" && ", 1)[1]
    assert "pick_python" in ci
