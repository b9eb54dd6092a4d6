"""Absolute paths from the project root, so nothing depends on the working directory."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
MIGRATIONS = ROOT / "migrations"


def instance_path() -> str:
    return os.environ.get("EVENTDESK_INSTANCE_PATH") or str(ROOT / "instance")
