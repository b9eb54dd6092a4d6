"""Someone installs eventdesk from a wheel, without `make` and outside the source tree: the wheel built from a
clean checkout carries the templates, migrations, static files, fonts and compiled catalogues it needs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent

# Runs with the installed package, far from the source tree: a Japanese delegate coming in person opens the
# personal link and the badge (drawn with the shipped fonts); the page's style sheet loads.
DELEGATE_VISIT = """
import json
from eventdesk import create_app
from eventdesk.extensions import db
from eventdesk.models import Delegate, Invitation, Language, Mode

app = create_app()
with app.app_context():
    invitation = db.session.query(Invitation).join(Invitation.delegate).filter(
        Delegate.language == Language.JA, Invitation.mode == Mode.IN_PERSON).first()
    client = app.test_client()
    page = client.get(f"/i/{invitation.token}?lang=ja")
    badge = client.get(f"/i/{invitation.token}/badge.pdf")
    css = client.get("/static/css/app.css")
print(json.dumps({"page": [page.status_code, page.get_data(as_text=True)],
                  "badge": [badge.status_code, badge.data[:5].decode()], "css": css.status_code}))
"""


def clean_checkout(target: Path) -> Path:
    """The files git would check out (tracked, or new and not ignored): no .venv, instance, build or *.mo."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=SOURCE,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = SOURCE / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(source.read_bytes())
    return target


def run(*args: str | Path, **kwargs: object) -> str:
    done = subprocess.run([str(arg) for arg in args], capture_output=True, text=True, **kwargs)  # type: ignore
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_a_wheel_installed_without_make_initialises_loads_the_demo_and_speaks_japanese(tmp_path: Path) -> None:
    checkout = clean_checkout(tmp_path / "checkout")
    run(sys.executable, "-m", "build", "--wheel", "--outdir", tmp_path / "dist", checkout)
    [wheel] = (tmp_path / "dist").glob("eventdesk-*.whl")

    # A fresh environment with only what the wheel declares, at the versions of the lock.
    venv.create(tmp_path / "env")  # pip from the suite's own environment installs into it (--python)
    pins = tmp_path / "pins.txt"
    pins.write_text("\n".join(re.findall(r"^\S+==\S+", (SOURCE / "requirements.lock").read_text(), re.M)))
    bin_dir = tmp_path / "env" / "bin"
    run(sys.executable, "-m", "pip", "--python", bin_dir / "python", "install", "--quiet", "--no-compile",
        "--constraint", pins, wheel)

    home = tmp_path / "elsewhere"
    home.mkdir()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("EVENTDESK_", "PYTHON", "VIRTUAL_ENV"))}
    env["EVENTDESK_INSTANCE_PATH"] = str(tmp_path / "instance")
    run(bin_dir / "eventdesk", "init", cwd=home, env=env)
    run(bin_dir / "eventdesk", "demo", cwd=home, env=env)
    visit = json.loads(run(bin_dir / "python", "-c", DELEGATE_VISIT, cwd=home, env=env))

    status, page = visit["page"]
    assert status == 200, page
    assert "回答を送信" in page and "Send my answer" not in page  # the compiled Japanese catalogue is used
    assert visit["badge"] == [200, "%PDF-"] and visit["css"] == 200
    assert (tmp_path / "instance" / "eventdesk.sqlite").exists()
