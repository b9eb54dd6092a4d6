"""eventdesk: guest list, badges, door check-in and signing ledger for hybrid signing ceremonies."""

from collections.abc import Mapping
from typing import Any

from flask import Flask

from eventdesk.paths import STATIC, TEMPLATES, instance_path


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    from eventdesk import api, auth, cli, database, errors, extensions, guests, health, organisers, rsvp, web
    from eventdesk.attendance import room_pages
    from eventdesk.attendance import views as attendance
    from eventdesk.badges import views as badges
    from eventdesk.config import load_config
    from eventdesk.door import views as door
    from eventdesk.reports import views as reports
    from eventdesk.signing import board
    from eventdesk.signing import views as signing

    app = Flask(__name__, instance_path=instance_path(), template_folder=str(TEMPLATES),
                static_folder=str(STATIC))
    load_config(app, overrides=config)
    extensions.init_app(app)
    database.init_app(app)
    web.init_app(app)
    for blueprint in (auth.bp, organisers.bp, health.bp, badges.bp, rsvp.bp, signing.bp, board.bp,
                      guests.bp, guests.audit_bp, door.bp, room_pages.bp, attendance.bp, reports.bp):
        app.register_blueprint(blueprint)
    api.init_app(app)
    cli.register(app)
    errors.register(app)
    if app.config["TRUSTED_PROXIES"]:
        # Behind a TLS proxy: take the client's address and https from its headers (rate limits, links).
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    return app
