"""Build step that pyproject.toml cannot express: a wheel carries the repository's data folders.

``geodata/`` (the embedded tables, without their build scripts) becomes ``coverage/geodata`` and
``static/vendor/`` (Leaflet for the self-contained HTML map) ``coverage/vendor``, so an installed
``imss-coverage`` finds its data anywhere (``coverage.resources``).  An editable install copies nothing:
it reads the folders in the checkout.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = {"geodata": "geodata", "static/vendor": "vendor"}  # repository folder -> folder in coverage/
SKIP = shutil.ignore_patterns("*.py", "*.pyc", "__pycache__", "*.sh")


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for source, target in SHIPPED.items():
            destination = Path(self.build_lib) / "coverage" / target
            shutil.rmtree(destination, ignore_errors=True)
            shutil.copytree(HERE / source, destination, ignore=SKIP)


setup(cmdclass={"build_py": BuildPyWithData})
