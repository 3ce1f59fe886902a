"""A wheel installed outside the checkout runs ``imss-coverage validate`` on the data it carries.

Offline: the wheel is built from a copy of the project files with the test environment's setuptools
(no build isolation, no index), installed without dependencies into a fresh venv that finds the
dependencies in this environment's site-packages (a ``.pth`` file, after the venv's own packages, so
the installed ``coverage`` is the wheel's and not the checkout's ``src/``).
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import zipfile

from helpers import ROOT

PROJECT_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md")
PROJECT_FOLDERS = ("src", "geodata", "static/vendor")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


def run(*command, cwd, env=None):
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def build_wheel(tmp_path):
    tree = tmp_path / "project"
    for name in PROJECT_FILES:
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tree / name)
    for folder in PROJECT_FOLDERS:
        shutil.copytree(ROOT / folder, tree / folder, ignore=SKIP)
    run(sys.executable, "-m", "pip", "wheel", tree, "-w", tmp_path / "whl", "--no-deps", "--no-build-isolation",
        "--no-index", "-q", cwd=tmp_path)
    (wheel,) = (tmp_path / "whl").glob("imss_coverage-*.whl")
    return wheel


def test_a_wheel_installed_outside_the_checkout_validates_its_own_data(tmp_path):
    wheel = build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert "coverage/geodata/datapackage.json" in names and "coverage/locales/es.common.json" in names  # the catalogue is split per page
    assert "coverage/vendor/leaflet/leaflet.js" in names and "coverage/templates/embed.html" in names
    assert "coverage/static/states_paint.js" in names  # the map elements read their JavaScript from here
    assert not any(name.startswith("coverage/geodata/") and name.endswith(".py") for name in names)

    env_dir = tmp_path / "wheelenv"
    run(sys.executable, "-m", "venv", "--without-pip", env_dir, cwd=tmp_path)
    python = env_dir / "bin" / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).stdout.strip()
    (tmp_path / purelib / "project-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel, cwd=tmp_path)

    clean = {k: v for k, v in os.environ.items() if k not in ("COVERAGE_GEODATA", "PYTHONPATH")}
    done = run(env_dir / "bin" / "imss-coverage", "validate", cwd=tmp_path, env=clean)
    first = done.stdout.splitlines()[0]
    assert ": OK — 32 states" in first and "provenance hashes match datapackage.json" in first
    assert first.startswith(str(env_dir)) and "/coverage/geodata" in first  # the wheel's copy, not geodata/
