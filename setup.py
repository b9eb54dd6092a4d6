"""The build step that pyproject.toml cannot declare: a wheel is a complete install.

It compiles the message catalogues (*.mo are never committed) and copies the top-level templates/ and
migrations/ into the package, where eventdesk/paths.py finds them once installed. An editable install keeps
using the source tree, so there only the catalogues are compiled, in place.
"""

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent
TOP_LEVEL = ("templates", "migrations")


def compile_catalogues(source: Path, target: Path) -> None:
    for po in source.glob("*/LC_MESSAGES/*.po"):
        with po.open("rb") as file:
            catalog = read_po(file)
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as file:
            write_mo(file, catalog)


class BuildPy(build_py):
    def run(self) -> None:
        super().run()
        translations = SOURCE / "eventdesk" / "translations"
        if self.editable_mode:
            compile_catalogues(translations, translations)
            return
        package = Path(self.build_lib) / "eventdesk"
        compile_catalogues(translations, package / "translations")
        for name in TOP_LEVEL:
            shutil.copytree(SOURCE / name, package / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPy})
