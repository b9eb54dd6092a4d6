"""The language of a page: ?lang= (remembered for the session), else the page's own default (a delegate's
page sets `g.page_language` to the delegate's language), else the browser's preference."""

from flask import current_app, g, has_request_context, request, session

LANGUAGE_NAMES = {"en": "English", "zh": "中文", "ja": "日本語"}


def select_locale() -> str:
    if not has_request_context():  # the command line: the default, unless force_locale chose one
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang")
    if chosen in languages:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in languages:
        return session["lang"]
    if g.get("page_language") in languages:
        return g.page_language
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
