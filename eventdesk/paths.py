"""Absolute paths, so nothing depends on the working directory.

A source checkout (and its editable install) keeps templates/ and migrations/ at the top of the tree; a wheel
carries them inside the package (setup.py copies them there at build time).
"""

import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
INSTALLED = (PACKAGE / "templates").is_dir()
ROOT = PACKAGE if INSTALLED else PACKAGE.parent
TEMPLATES = ROOT / "templates"
MIGRATIONS = ROOT / "migrations"
STATIC = PACKAGE / "static"


def instance_path() -> str:
    """instance/ at the top of a source checkout; an installed package keeps it in its environment, as Flask
    does for installed apps (`<prefix>/var/eventdesk-instance`)."""
    default = Path(sys.prefix) / "var" / "eventdesk-instance" if INSTALLED else ROOT / "instance"
    return os.environ.get("EVENTDESK_INSTANCE_PATH") or str(default)
