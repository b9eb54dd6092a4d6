"""eventdesk: guest list, badges, door check-in and signing ledger for hybrid signing ceremonies."""

from collections.abc import Mapping
from typing import Any

from flask import Flask

from eventdesk.paths import ROOT, TEMPLATES, instance_path


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    from eventdesk import api, auth, cli, database, errors, extensions, health, organisers, web
    from eventdesk.config import load_config

    app = Flask(__name__, instance_path=instance_path(), template_folder=str(TEMPLATES),
                static_folder=str(ROOT / "eventdesk" / "static"))
    load_config(app, overrides=config)
    extensions.init_app(app)
    database.init_app(app)
    web.init_app(app)
    for blueprint in (auth.bp, organisers.bp, health.bp):
        app.register_blueprint(blueprint)
    api.init_app(app)
    cli.register(app)
    errors.register(app)
    return app
